using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics.Measures;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>A catalogue entry with both clocks on each fact (rule 9): what its state rows are recomputed from, and the
/// entry as the catalogue response lists it.</summary>
public sealed record TimedCatalogueEntry(
    string TypeCode, string Name, Organisation Maintainer, TimedFact Added, TimedFact? Removed, IReadOnlyList<TimedAssessment> Assessments);

/// <summary>A province's catalogue as the statistics read it: every entry ever added (a type removed and added again is
/// a second entry), in the order added.</summary>
public sealed record CatalogueFacts
{
    public Guid Id { get; init; }
    public required string ProvinceCode { get; init; }
    public IReadOnlyList<TimedCatalogueEntry> Entries { get; init; } = [];

    /// <summary>The catalogue after one more of its events, and the position of the entry it changed.</summary>
    public static (CatalogueFacts? Facts, int Entry) Apply(CatalogueFacts? facts, IEvent e)
    {
        switch (e.Data, facts)
        {
            case (CatalogueTypeAdded a, _):
                var catalogue = facts ?? new CatalogueFacts { Id = CatalogueIds.For(a.ProvinceCode), ProvinceCode = a.ProvinceCode };
                var added = new TimedCatalogueEntry(a.TypeCode, a.Name, a.Maintainer, new TimedFact(a.AddedOn, Reporting.KnownSince(e)), null, []);
                return (catalogue with { Entries = [.. catalogue.Entries, added] }, catalogue.Entries.Count);
            case (CatalogueTypeRemoved r, { } f):
                return f.Replace(r.TypeCode, entry => entry with { Removed = new TimedFact(r.RemovedOn, Reporting.KnownSince(e)) });
            case (CatalogueTypeAssessed a, { } f):
                return f.Replace(a.TypeCode, entry => entry with { Assessments = [.. entry.Assessments, new TimedAssessment(a.AssessedOn, Reporting.KnownSince(e), a.Rating)] });
            default:
                return (facts, -1);
        }
    }

    /// <summary>Removals and assessments concern the type's latest entry.</summary>
    private (CatalogueFacts, int) Replace(string typeCode, Func<TimedCatalogueEntry, TimedCatalogueEntry> change)
    {
        var position = Entries.Select((entry, i) => (entry, i)).Last(x => x.entry.TypeCode == typeCode).i;
        return (this with { Entries = [.. Entries.Select((entry, i) => i == position ? change(entry) : entry)] }, position);
    }
}

/// <summary>
/// The catalogue-state read model (<see cref="ReadModelNames.Catalogue"/>): per catalogue entry, the rows of
/// <see cref="CatalogueMeasures.States"/> in the SQL table <see cref="Table"/>, recomputed for the entry on each of its
/// events; each row carries the entry's details for the catalogue response. Asynchronous and batch-wise for the
/// same reasons as <see cref="ModelStatesProjection"/>.
/// </summary>
public sealed class CatalogueStatesProjection : ProjectionBase, IProjection
{
    public const string Table = "catalogue_states";

    public CatalogueStatesProjection()
    {
        Name = ReadModelNames.Catalogue;
        IncludeType<CatalogueTypeAdded>();
        IncludeType<CatalogueTypeRemoved>();
        IncludeType<CatalogueTypeAssessed>();
    }

    /// <summary>A SQL table like model_states: a catalogue holds a few dozen entries, each a few rows.</summary>
    public static Table Definition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Table, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("province_code").NotNull().AsPrimaryKey();
        table.AddColumn<int>("entry_no").NotNull().AsPrimaryKey();
        table.AddColumn("valid_from", "date").NotNull().AsPrimaryKey();
        table.AddColumn("known_from", "date").NotNull().AsPrimaryKey();
        table.AddColumn("valid_to", "date").NotNull();
        table.AddColumn("known_to", "date").NotNull();
        table.AddColumn<string>("status").NotNull();
        table.AddColumn<string>("type_code").NotNull();
        table.AddColumn<string>("maintainer").NotNull();
        table.AddColumn<string>("party").NotNull();
        table.AddColumn("entry", "jsonb").NotNull();
        return table;
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var byProvince = events.GroupBy(ProvinceOf).ToList();
        var loaded = (await operations.LoadManyAsync<CatalogueFacts>(cancellation, byProvince.Select(g => CatalogueIds.For(g.Key))))
            .ToDictionary(f => f.ProvinceCode);
        var table = $"{operations.DocumentStore.Options.DatabaseSchemaName}.{Table}";
        var serializer = operations.DocumentStore.Advanced.Serializer;
        foreach (var province in byProvince)
        {
            var facts = loaded.GetValueOrDefault(province.Key);
            var changed = new SortedSet<int>();
            foreach (var e in province)
            {
                (facts, var entry) = CatalogueFacts.Apply(facts, e);
                changed.Add(entry);
            }
            if (facts is null)
            {
                continue;
            }
            operations.Store(facts);
            foreach (var position in changed.Where(p => p >= 0))
            {
                var entry = facts.Entries[position];
                var rows = CatalogueMeasures.States(entry);
                operations.QueueSqlCommand($"delete from {table} where province_code = ? and entry_no = ?", facts.ProvinceCode, position);
                operations.QueueSqlCommand($"""
                    insert into {table} (province_code, entry_no, valid_from, valid_to, known_from, known_to, status, type_code, maintainer, party, entry)
                    select ?, ?, r.valid_from, r.valid_to, r.known_from, r.known_to, r.status, ?, ?, ?, ?::jsonb
                    from {StateRows.Unnest}
                    """,
                    [
                        facts.ProvinceCode, position, entry.TypeCode, ApiNames.Of(entry.Maintainer), ApiNames.Of(ProgramParties.Of(entry.Maintainer)),
                        serializer.ToJson(entry),
                        .. StateRows.Parameters([.. rows.Select(r => (r.ValidFrom, r.ValidTo, r.KnownFrom, r.KnownTo, ApiNames.Of(r.Status)))]),
                    ]);
            }
        }
    }

    private static string ProvinceOf(IEvent e) => e.Data switch
    {
        CatalogueTypeAdded a => a.ProvinceCode,
        CatalogueTypeRemoved r => r.ProvinceCode,
        CatalogueTypeAssessed a => a.ProvinceCode,
        _ => "",
    };
}
