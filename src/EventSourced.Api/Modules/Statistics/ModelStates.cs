using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics.Measures;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>
/// What the model-state rows are recomputed from: the model's registration and its timed state facts (launch,
/// assessments, discontinuation), each with its business date and the time it was recorded. Facts only: where the
/// model stands is <see cref="ModelMeasures.States"/>'s to say.
/// </summary>
public sealed record ModelFacts
{
    public Guid Id { get; init; }
    public required UnitSnapshot Unit { get; init; }
    public required string ModelType { get; init; }
    public ModelKind Kind { get; init; }
    public Organisation LeadOrganisation { get; init; }
    public Guid? ReplicatedFrom { get; init; }
    public string? ProgramId { get; init; }
    public required TimedFact Launch { get; init; }
    public IReadOnlyList<TimedAssessment> Assessments { get; init; } = [];
    public TimedFact? Discontinuation { get; init; }

    /// <summary>The facts after one more of the model's state events (deterministic: times come from the event).</summary>
    public static ModelFacts? Apply(ModelFacts? facts, IEvent e) => (e.Data, facts) switch
    {
        (ModelRegistered r, _) => new ModelFacts
        {
            Id = r.ModelId,
            Unit = r.Unit,
            ModelType = r.ModelType,
            Kind = r.Kind,
            LeadOrganisation = r.LeadOrganisation,
            ReplicatedFrom = r.ReplicatedFrom,
            ProgramId = r.ProgramId,
            Launch = new TimedFact(r.LaunchDate, Reporting.KnownSince(e)),
        },
        (ModelAssessed a, { } f) => f with { Assessments = [.. f.Assessments, new TimedAssessment(a.AssessedOn, Reporting.KnownSince(e), a.Rating)] },
        (ModelDiscontinued d, { } f) => f with { Discontinuation = new TimedFact(d.DiscontinuedOn, Reporting.KnownSince(e)) },
        _ => facts,
    };
}

/// <summary>
/// The model-state read model (<see cref="ReadModelNames.Models"/>): per model, the rows of <see cref="ModelMeasures.States"/>
/// in the SQL table <see cref="Table"/>, recomputed whole for the model on each of its state events. Asynchronous,
/// because the second clock needs each event's recorded time, which only committed events have. A projection over the
/// daemon's batch rather than an aggregation: an aggregation's side effects are skipped on a rebuild, and the rows are
/// the point of it. The daemon applies one batch after the other has committed, so the facts loaded at the start of a
/// batch are those of every earlier event.
/// </summary>
public sealed class ModelStatesProjection : ProjectionBase, IProjection
{
    public const string Table = "model_states";

    public ModelStatesProjection()
    {
        Name = ReadModelNames.Models;
        IncludeType<ModelRegistered>();
        IncludeType<ModelAssessed>();
        IncludeType<ModelDiscontinued>();
    }

    /// <summary>
    /// A SQL table rather than documents: a handful of narrow typed rows per model (dates, codes) that every figure
    /// counts with range predicates, indexed by province and the two clocks' starts; documents would add a JSON body
    /// per row and duplicated columns for each of these, and a figure never needs a row as a whole.
    /// </summary>
    public static Table Definition(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, Table, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<Guid>("model_id").NotNull().AsPrimaryKey();
        table.AddColumn("valid_from", "date").NotNull().AsPrimaryKey();
        table.AddColumn("known_from", "date").NotNull().AsPrimaryKey();
        table.AddColumn("valid_to", "date").NotNull();
        table.AddColumn("known_to", "date").NotNull();
        table.AddColumn<string>("status").NotNull();
        table.AddColumn<string>("province_code").NotNull();
        table.AddColumn<string>("district_code");
        table.AddColumn<string>("unit_code").NotNull();
        table.AddColumn<Guid>("unit_version_id").NotNull();
        table.AddColumn<string>("model_type").NotNull();
        table.AddColumn<string>("kind").NotNull();
        table.AddColumn<string>("lead_organisation").NotNull();
        table.AddColumn<string>("program_id");
        table.AddColumn<Guid>("replicated_from");
        table.AddColumn("launched_on", "date").NotNull();
        // Every figure asks "which rows hold (as-of, known-at) in this province": the leading range columns narrow it.
        table.Indexes.Add(new IndexDefinition($"ix_{Table}_province_point") { Columns = ["province_code", "valid_from", "known_from"] });
        return table;
    }

    public async Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        var byModel = events.GroupBy(ModelOf).ToList();
        var loaded = (await operations.LoadManyAsync<ModelFacts>(cancellation, byModel.Select(g => g.Key))).ToDictionary(f => f.Id);
        var table = $"{operations.DocumentStore.Options.DatabaseSchemaName}.{Table}";
        foreach (var model in byModel)
        {
            if (model.Aggregate(loaded.GetValueOrDefault(model.Key), ModelFacts.Apply) is not { } facts)
            {
                continue;
            }
            operations.Store(facts);
            var rows = ModelMeasures.States(facts);
            operations.QueueSqlCommand($"delete from {table} where model_id = ?", facts.Id);
            operations.QueueSqlCommand($"""
                insert into {table} (model_id, valid_from, valid_to, known_from, known_to, status, province_code, district_code, unit_code,
                  unit_version_id, model_type, kind, lead_organisation, program_id, replicated_from, launched_on)
                select ?, r.valid_from, r.valid_to, r.known_from, r.known_to, r.status, ?, ?::text, ?, ?, ?, ?, ?, ?::text, ?::uuid, ?
                from {StateRows.Unnest}
                """,
                [
                    facts.Id, facts.Unit.ProvinceCode, (object?)facts.Unit.DistrictCode ?? DBNull.Value, facts.Unit.Code, facts.Unit.UnitVersionId,
                    facts.ModelType, ApiNames.Of(facts.Kind), ApiNames.Of(facts.LeadOrganisation), (object?)facts.ProgramId ?? DBNull.Value,
                    (object?)facts.ReplicatedFrom ?? DBNull.Value, facts.Launch.On,
                    .. StateRows.Parameters([.. rows.Select(r => (r.ValidFrom, r.ValidTo, r.KnownFrom, r.KnownTo, ApiNames.Of(r.Status)))]),
                ]);
        }
    }

    private static Guid ModelOf(IEvent e) => e.Data switch
    {
        ModelRegistered r => r.ModelId,
        ModelAssessed a => a.ModelId,
        ModelDiscontinued d => d.ModelId,
        _ => e.StreamId,
    };
}
