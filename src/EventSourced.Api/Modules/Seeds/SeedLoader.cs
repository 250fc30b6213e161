using System.Text.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Programs;
using EventSourced.Api.Modules.Units;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EventSourced.Api.Modules.Seeds;

/// <summary>The reference units file (seeds/units.json): unit registrations, then reforms, as the API's own commands.</summary>
/// <param name="Units">RegisterUnit commands, parents before children.</param>
/// <param name="Reforms">RecordReform commands, oldest first.</param>
public sealed record UnitsSeedFile(IReadOnlyList<RegisterUnit> Units, IReadOnlyList<RecordReform> Reforms);

/// <summary>A dataset command the loader applied, stored in the same transaction as the command's events: loading the
/// dataset again skips it, so a load can be repeated or resumed and changes nothing the second time.</summary>
public sealed record SeedCommandApplied(string Id, Guid? ResultId, DateTimeOffset AppliedAt);

/// <summary>What a load did.</summary>
public sealed record SeedOutcome(int Recorded, int AlreadyThere);

/// <summary>
/// Loads seed files through the same validators and handlers as the HTTP API (never by writing tables), one command
/// per transaction, so a load can be repeated: a command whose facts are already recorded changes nothing.
/// </summary>
public static class SeedLoader
{
    public static async Task<UnitsSeedFile> ReadUnits(string path, JsonSerializerOptions json, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<UnitsSeedFile>(stream, json, ct)
               ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>Reads a seed file that is a JSON array of one command type.</summary>
    public static async Task<IReadOnlyList<T>> ReadList<T>(string path, JsonSerializerOptions json, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<IReadOnlyList<T>>(stream, json, ct) ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>Runs a list of commands through their validator and handler, one transaction each.</summary>
    public static async Task<SeedOutcome> LoadList<T>(IDocumentStore store, IReadOnlyList<T> commands, IValidator<T> validator,
        Func<T, IDocumentSession, Task<IResult>> handle, Action<int>? progress, CancellationToken ct)
    {
        var (recorded, there) = (0, 0);
        foreach (var command in commands)
        {
            var created = await Run(store, command, validator, handle, ct);
            (recorded, there) = created ? (recorded + 1, there) : (recorded, there + 1);
            progress?.Invoke(1);
        }
        return new SeedOutcome(recorded, there);
    }

    /// <summary>The reference data of seeds/ besides the units: coordination programs and commendation authorities.</summary>
    public static async Task<(SeedOutcome Programs, SeedOutcome Authorities)> LoadReferenceLists(
        IDocumentStore store, JsonSerializerOptions json, Action<int>? progress, CancellationToken ct)
    {
        var programs = await ReadList<RegisterProgram>(Locate("programs.json"), json, ct);
        var authorities = await ReadList<RecordCommendationAuthority>(Locate("commendation-authorities.json"), json, ct);
        return (
            await LoadList(store, programs, new RegisterProgramValidator(), (c, s) => RegisterProgramEndpoint.Post(c, s, ct), progress, ct),
            await LoadList(store, authorities, new RecordCommendationAuthorityValidator(), (c, s) => RecordCommendationAuthorityEndpoint.Post(c, s, ifMatch: null, ct: ct), progress, ct));
    }

    public static async Task<SeedOutcome> LoadUnits(IDocumentStore store, UnitsSeedFile file, Action<int>? progress, CancellationToken ct)
    {
        var registerUnit = new RegisterUnitValidator();
        var recordReform = new RecordReformValidator();
        var units = await LoadList(store, file.Units, registerUnit, (c, s) => RegisterUnitEndpoint.Post(c, s, ct), progress, ct);
        var reforms = await LoadList(store, file.Reforms, recordReform, (c, s) => RecordReformEndpoint.Post(c, s, ct), progress, ct);
        return new SeedOutcome(units.Recorded + reforms.Recorded, units.AlreadyThere + reforms.AlreadyThere);
    }

    /// <summary>
    /// Applies one dataset command once: skipped when its key was applied before; otherwise validated, handled (with the
    /// time the reporting chain learned it, rule 9) and recorded as applied, all in one transaction. True when applied now.
    /// </summary>
    public static async Task<(bool Applied, Guid? ResultId)> Apply<T>(IDocumentStore store, string key, DateTimeOffset reportedAt, T command,
        IValidator<T> validator, Func<T, IDocumentSession, Task<IResult>> handle, CancellationToken ct)
    {
        await using var session = store.LightweightSession();
        if (await session.LoadAsync<SeedCommandApplied>(key, ct) is { } applied)
        {
            return (false, applied.ResultId);
        }
        if (Problems.Check(validator, command) is { } invalid)
        {
            throw new InvalidDataException($"Dataset command {key} is invalid: {JsonSerializer.Serialize(invalid)}");
        }
        AsOperator(session, "seed:dataset", key);
        Reporting.ReportedAt(session, reportedAt);
        var result = await handle(command, session);
        if (result is ProblemHttpResult problem)
        {
            throw new InvalidDataException($"Dataset command {key} was refused: {problem.ProblemDetails.Detail}");
        }
        var resultId = result is IValueHttpResult { Value: var value } ? value switch
        {
            Recorded recorded => recorded.Id,
            Models.PatrolAccepted patrol => patrol.PatrolId,
            _ => (Guid?)null,
        } : null;
        session.Store(new SeedCommandApplied(key, resultId, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(ct);
        return (true, resultId);
    }

    /// <summary>
    /// Seeds are loaded by an operator on the server, not through the API: the events name the operating-system user
    /// as their user and "seed" as their client system, where API writes name the token's subject and client.
    /// </summary>
    private static void AsOperator(IDocumentSession session, string correlationId, string causationId)
    {
        session.CorrelationId = correlationId;
        session.CausationId = causationId;
        session.LastModifiedBy = $"operator:{Environment.UserName}";
        session.SetHeader(EventMetadataMiddleware.ClientHeader, "seed");
    }

    /// <summary>Validates and handles one command in its own transaction; true when it recorded something new.</summary>
    private static async Task<bool> Run<T>(IDocumentStore store, T command, IValidator<T> validator,
        Func<T, IDocumentSession, Task<IResult>> handle, CancellationToken ct)
    {
        if (Problems.Check(validator, command) is { } invalid)
        {
            throw new InvalidDataException($"Seed command {typeof(T).Name} is invalid: {JsonSerializer.Serialize(invalid)} — {command}");
        }
        await using var session = store.LightweightSession();
        AsOperator(session, "seed", $"seed:{typeof(T).Name}");
        var result = await handle(command, session);
        if (result is ProblemHttpResult problem)
        {
            throw new InvalidDataException($"Seed command {typeof(T).Name} was refused: {problem.ProblemDetails.Detail} — {command}");
        }
        await session.SaveChangesAsync(ct);
        return result is IStatusCodeHttpResult { StatusCode: StatusCodes.Status201Created };
    }

    /// <summary>The repository's seeds/ folder, found from the working directory upwards.</summary>
    public static string Locate(string fileName)
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "seeds", fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"seeds/{fileName} was not found above {Directory.GetCurrentDirectory()}.");
    }
}
