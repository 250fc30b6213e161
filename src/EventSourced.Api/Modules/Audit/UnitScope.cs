using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Units;
using Marten;
using Npgsql;

namespace EventSourced.Api.Modules.Audit;

/// <summary>
/// Which chained events concern a unit code: for a commune-level code, events whose unit snapshot names a version that
/// bore the code (and, with lineage, every earlier version whose territory reached it); for a district or province,
/// events whose snapshot names that district or province (with lineage, also the codes of their predecessors). Unit
/// streams are included through their own events. The columns come from the chain table (<see cref="AuditSchema"/>).
/// </summary>
public sealed record UnitScope(string Code, string Column, IReadOnlyList<Guid> VersionIds, IReadOnlyList<string> Codes)
{
    public bool IsEmpty => VersionIds.Count == 0 && Codes.Count == 0;

    public static async Task<UnitScope> Resolve(IQuerySession session, string code, bool lineage, CancellationToken ct)
    {
        var versions = await session.Query<AdministrativeUnit>().Where(u => u.Code == code).ToListAsync(ct);
        var reached = new Dictionary<Guid, AdministrativeUnit>();
        foreach (var version in versions)
        {
            reached[version.Id] = version;
            if (lineage)
            {
                foreach (var (id, (ancestor, _)) in await UnitDirectory.Ancestry(session, version, ct))
                {
                    reached[id] = ancestor;
                }
            }
        }
        if (AdministrativeCodes.IsCommuneLevel(code))
        {
            return new UnitScope(code, "unit_version_id", [.. reached.Keys], []);
        }
        var codes = reached.Values.Select(u => u.Code).Append(code).Distinct(StringComparer.Ordinal).ToList();
        return new UnitScope(code, code.Length == 2 ? "province_code" : "district_code", [], codes);
    }

    /// <summary>The SQL condition on the chain table <c>c</c>, its parameter added to the command.</summary>
    public string Condition(NpgsqlCommand command)
    {
        var parameter = $"@scope{command.Parameters.Count}";
        if (Column == "unit_version_id")
        {
            command.Parameters.AddWithValue(parameter[1..], VersionIds.ToArray());
            // A unit version's own stream (registration, retirement) is indexed under its id too.
            return $"c.unit_version_id = any({parameter})";
        }
        command.Parameters.AddWithValue(parameter[1..], Codes.ToArray());
        return $"c.{Column} = any({parameter})";
    }
}
