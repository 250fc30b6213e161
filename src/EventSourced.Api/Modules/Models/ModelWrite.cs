using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Units;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Modules.Models;

/// <summary>
/// How every command on an existing model is written, opened once per request: <see cref="Open"/> fetches the stream
/// under its row lock (writers to one model queue, none is lost, no retry is needed), <see cref="Place"/> follows the
/// model's unit along its lineage to the version in force on a business date, and <see cref="Append"/> adds what the
/// decision yields in the request's transaction. Each step answers a problem or null, so a route reads
/// <c>(await write.Open(ifMatch) ?? Check(…) ?? await write.Place(date)) is { } refused</c>, then decides and appends.
/// </summary>
/// <remarks>
/// Wolverine's aggregate handler workflow cannot carry this: with <c>ConcurrencyStyle.Exclusive</c> it takes no expected
/// version (If-Match would still be checked by hand), its 404 is not this ledger's problem, and placing each event in a
/// unit needs loads between the state check and the decision.
/// </remarks>
public sealed class ModelWrite(IDocumentSession session, Guid modelId, CancellationToken ct)
{
    private readonly Dictionary<DateOnly, UnitSnapshot> _placed = [];
    private IEventStream<SecurityModel>? _stream;
    private AdministrativeUnit? _home;

    public SecurityModel Model => _stream?.Aggregate ?? throw new InvalidOperationException("Open the write before reading the model.");

    /// <summary>The unit the last <see cref="Place"/> found.</summary>
    public UnitSnapshot Unit { get; private set; } = null!;

    /// <summary>400 for a malformed If-Match, 404 when there is no such model, 412 when If-Match names a version the model is no longer at.</summary>
    public async Task<ProblemDetails?> Open(string? ifMatch)
    {
        if (Preconditions.Check(ifMatch, modelId, 0) is { Status: StatusCodes.Status400BadRequest } malformed)
        {
            return malformed;
        }
        (_stream, var refused) = await Preconditions.Existing<SecurityModel>(session, modelId, ifMatch, $"No model {modelId} is recorded.", ct);
        return refused;
    }

    /// <summary>The model's unit on a business date, as <see cref="Unit"/>; 422 when a reform split it before then.</summary>
    public async Task<ProblemDetails?> Place(DateOnly date, string? field = null)
    {
        var model = Model;
        // Most activity happens while the unit the model was registered in is in force: its snapshot is already on the
        // model, and a batch reads that unit once. Other dates (across a reform) are followed once each.
        _home ??= await session.LoadAsync<AdministrativeUnit>(model.Unit.UnitVersionId, ct);
        if (_home is not null && _home.InForceOn(date))
        {
            Unit = model.Unit;
            return null;
        }
        if (_placed.TryGetValue(date, out var placed))
        {
            Unit = placed;
            return null;
        }
        var unit = await UnitDirectory.AlongLineage(session, model.Unit.UnitVersionId, date, ct);
        if (unit is null)
        {
            return Problems.RuleViolated(
                $"The unit of model {model.Id} ({model.Unit.Name}, {model.Unit.Code}) was split by a reform before {date:yyyy-MM-dd}; "
                + "the ledger cannot tell which unit it was in then.", field);
        }
        Unit = _placed[date] = unit.Id == model.Unit.UnitVersionId ? model.Unit : await UnitDirectory.Snapshot(session, unit, ct);
        return null;
    }

    /// <summary>Appends the decision's events (none for a repeat that changes nothing) and answers the model's version after them.</summary>
    public long Append(params IEnumerable<object> events)
    {
        var stream = _stream ?? throw new InvalidOperationException("Open the write before appending.");
        stream.AppendMany(events);
        return stream.CurrentVersion ?? 0;
    }
}
