using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Modules.Catalogues;

/// <summary>
/// How every catalogue command is written: the province's catalogue stream under its row lock (created by the first
/// entry), If-Match against its version (412), a state check, a pure decision, the append. Repeats decide no events and answer the same.
/// </summary>
public static class CatalogueCommand
{
    public static async Task<IResult> Handle<TCommand>(
        IDocumentSession session,
        string provinceCode,
        string? ifMatch,
        TCommand command,
        Func<TCommand, Catalogue?, ProblemDetails?> check,
        Func<TCommand, Catalogue?, IReadOnlyList<object>> decide,
        Func<long, IResult> answer,
        CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<Catalogue>(CatalogueIds.For(provinceCode), ct);
        if (Preconditions.Check(ifMatch, CatalogueIds.For(provinceCode), stream.StartingVersion ?? 0) is { } precondition)
        {
            return Results.Problem(precondition);
        }
        if (check(command, stream.Aggregate) is { } rejection)
        {
            return Results.Problem(rejection);
        }
        var events = decide(command, stream.Aggregate);
        stream.AppendMany(events);
        return answer((stream.StartingVersion ?? 0) + events.Count);
    }

    public static ProblemDetails? UnknownProvince(string provinceCode) =>
        AdministrativeCodes.IsProvince(provinceCode) ? null : Problems.Field("provinceCode", "Must be a 2-digit province code.");
}
