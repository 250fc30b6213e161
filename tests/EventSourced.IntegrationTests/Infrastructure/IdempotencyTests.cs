using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using Marten;
using Marten.Services;
using Microsoft.AspNetCore.Hosting;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>
/// The service dying between two steps of a command: a fault just before or just after the commit of a command whose
/// Idempotency-Key starts with <see cref="BeforeCommit"/> or <see cref="AfterCommit"/>, once per key. After the commit
/// is where a crash, a kill -9 or a PostgreSQL restart leaves the events stored and the client without its answer.
/// </summary>
public sealed class CommitFaults : DocumentSessionListenerBase
{
    public const string BeforeCommit = "crash-before-commit-";
    public const string AfterCommit = "crash-after-commit-";
    private readonly ConcurrentDictionary<string, bool> _crashed = new(StringComparer.Ordinal);

    public override Task BeforeSaveChangesAsync(IDocumentSession session, CancellationToken token) => Crash(session, BeforeCommit);

    public override Task AfterCommitAsync(IDocumentSession session, IChangeSet commit, CancellationToken token) => Crash(session, AfterCommit);

    private Task Crash(IDocumentSession session, string point) =>
        session.CausationId is { } key && key.StartsWith(point, StringComparison.Ordinal) && _crashed.TryAdd(key, true)
            ? throw new IOException($"Simulated crash at {point}{key}.")
            : Task.CompletedTask;
}

/// <summary>The service with <see cref="CommitFaults"/> armed.</summary>
public sealed class FaultyCommitApi : ApiFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder) =>
        builder.ConfigureServices(services => services.ConfigureMarten(o => o.Listeners.Add(new CommitFaults())));
}

public class IdempotencyTests(FaultyCommitApi api) : IClassFixture<FaultyCommitApi>
{
    private readonly HttpClient _client = api.CreateClient();

    private Task<HttpResponseMessage> Post<T>(string url, T body, string? key, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: ApiFactory.Json) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(RequestMetadata.IdempotencyHeader, key);
        }
        return (client ?? _client).SendAsync(request);
    }

    private async Task<List<PatrolRecorded>> PatrolEventsOf(Guid modelId)
    {
        await using var session = api.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(modelId)).Select(e => e.Data).OfType<PatrolRecorded>().ToList();
    }

    private async Task<int> PatrolsOf(Guid modelId) =>
        (await (await _client.GetAsync($"/api/v1/models/{modelId}")).Read<SecurityModel>()).Totals.PatrolShifts;

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_replays_the_first_answer_and_records_nothing_new()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var first = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-2023-05-06-a");
        var before = await api.EventCount();

        // When
        var retry = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-2023-05-06-a");

        // Then
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        retry.Headers.GetValues(IdempotencyMiddleware.ReplayedHeader).ShouldBe(["true"]);
        (await api.EventCount()).ShouldBe(before);
        (await PatrolsOf(modelId)).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_answers_422_and_records_nothing()
    {
        var modelId = await _client.RegisteredModel();
        await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-key-b");
        var before = await api.EventCount();

        var other = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example with { Participants = 12 }, "shift-key-b");

        var problem = await other.ShouldBeProblem(422);
        problem.GetProperty("type").GetString().ShouldBe(IdempotencyMiddleware.KeyMismatchType);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Twenty_parallel_retries_of_one_patrol_record_exactly_one_event_and_all_get_its_answer()
    {
        // Given
        var modelId = await _client.RegisteredModel();

        // When
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-key-parallel")));

        // Then
        (await PatrolsOf(modelId)).ShouldBe(1);
        responses.Select(r => (int)r.StatusCode).ShouldAllBe(status => status == 201);
        var patrolIds = await Task.WhenAll(responses.Select(async r => (await r.Read<PatrolAccepted>()).PatrolId));
        patrolIds.Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Different_keys_are_different_commands()
    {
        var modelId = await _client.RegisteredModel();

        await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-key-c1");
        await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-key-c2");

        (await PatrolsOf(modelId)).ShouldBe(2);
    }

    [Fact]
    public async Task A_registration_retried_with_its_key_creates_one_model()
    {
        var first = await Post("/api/v1/models", RegisterModel.Example, "register-h3-2023");
        var retry = await Post("/api/v1/models", RegisterModel.Example, "register-h3-2023");

        (await retry.Read<Recorded>()).Id.ShouldBe((await first.Read<Recorded>()).Id);
    }

    [Fact]
    public async Task A_key_with_spaces_answers_400_on_the_header()
    {
        var response = await Post("/api/v1/models", RegisterModel.Example, "not a key");

        (await response.ShouldBeProblem(400)).Fields().ShouldBe([RequestMetadata.IdempotencyHeader]);
    }

    [Fact]
    public async Task A_retry_after_a_crash_between_the_commit_and_the_answer_gets_the_original_201_and_records_nothing_new()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var crashed = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, CommitFaults.AfterCommit + "shift-a");
        crashed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var stored = (await PatrolEventsOf(modelId)).ShouldHaveSingleItem();
        var before = await api.EventCount();

        // When
        var retry = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, CommitFaults.AfterCommit + "shift-a");

        // Then
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.GetValues(IdempotencyMiddleware.ReplayedHeader).ShouldBe(["true"]);
        retry.Headers.Location.ShouldBe(new Uri($"/api/v1/models/{modelId}/patrols/{stored.PatrolId}", UriKind.Relative));
        (await retry.Read<PatrolAccepted>()).ShouldBe(new PatrolAccepted(stored.PatrolId, modelId, 2));
        (await api.EventCount()).ShouldBe(before);
        (await PatrolEventsOf(modelId)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_registration_retried_after_a_crash_between_the_commit_and_the_answer_answers_the_model_it_created()
    {
        // Given
        var crashed = await Post("/api/v1/models", RegisterModel.Example, CommitFaults.AfterCommit + "register-a");
        crashed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var before = await api.EventCount();

        // When
        var retry = await Post("/api/v1/models", RegisterModel.Example, CommitFaults.AfterCommit + "register-a");

        // Then
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        var recorded = await retry.Read<Recorded>();
        retry.Headers.Location.ShouldBe(new Uri($"/api/v1/models/{recorded.Id}", UriKind.Relative));
        (await _client.GetAsync($"/api/v1/models/{recorded.Id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_retry_after_a_crash_before_the_commit_records_the_command_once()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var crashed = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, CommitFaults.BeforeCommit + "shift-b");
        crashed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await PatrolEventsOf(modelId)).ShouldBeEmpty();

        // When
        var retry = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, CommitFaults.BeforeCommit + "shift-b");
        var again = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, CommitFaults.BeforeCommit + "shift-b");

        // Then
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.Contains(IdempotencyMiddleware.ReplayedHeader).ShouldBeFalse();
        var patrol = (await PatrolEventsOf(modelId)).ShouldHaveSingleItem();
        (await retry.Read<PatrolAccepted>()).PatrolId.ShouldBe(patrol.PatrolId);
        (await again.Read<PatrolAccepted>()).PatrolId.ShouldBe(patrol.PatrolId);
    }

    [Fact]
    public async Task A_key_replayed_by_a_recorder_outside_the_models_ward_answers_403_and_not_the_original_answer()
    {
        // Given
        var modelId = await _client.RegisteredModel(unit: "27259");
        var inWard = api.ClientAs([Access.Recorder], "27259");
        var otherWard = api.ClientAs([Access.Recorder], "27262");
        var first = await (await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-ward-13", inWard)).Read<PatrolAccepted>();
        var before = await api.EventCount();

        // When
        var replay = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-ward-13", otherWard);

        // Then
        (await replay.ShouldBeProblem(403)).GetProperty("type").GetString().ShouldBe(Problems.ForbiddenType);
        replay.Headers.Contains(IdempotencyMiddleware.ReplayedHeader).ShouldBeFalse();
        (await replay.Content.ReadAsStringAsync()).ShouldNotContain(first.PatrolId.ToString());
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_registration_key_replayed_by_a_recorder_of_another_province_answers_403_and_not_the_original_answer()
    {
        // Given
        var inWard = api.ClientAs([Access.Recorder], RegisterModel.Example.UnitCode);
        var otherProvince = api.ClientAs([Access.Recorder], "01");
        var first = await (await Post("/api/v1/models", RegisterModel.Example, "register-ward-13", inWard)).Read<Recorded>();
        var before = await api.EventCount();

        // When
        var replay = await Post("/api/v1/models", RegisterModel.Example, "register-ward-13", otherProvince);

        // Then
        (await replay.ShouldBeProblem(403)).GetProperty("type").GetString().ShouldBe(Problems.ForbiddenType);
        replay.Headers.Contains(IdempotencyMiddleware.ReplayedHeader).ShouldBeFalse();
        (await replay.Content.ReadAsStringAsync()).ShouldNotContain(first.Id.ToString());
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_key_refused_to_a_caller_outside_the_jurisdiction_is_not_kept_and_the_wards_recorder_records_with_it()
    {
        // Given
        var modelId = await _client.RegisteredModel(unit: "27259");
        var otherWard = api.ClientAs([Access.Recorder], "27262");
        var inWard = api.ClientAs([Access.Recorder], "27259");
        await (await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-ward-13-b", otherWard)).ShouldBeProblem(403);

        // When
        var recorded = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-ward-13-b", inWard);

        // Then
        recorded.StatusCode.ShouldBe(HttpStatusCode.Created);
        recorded.Headers.Contains(IdempotencyMiddleware.ReplayedHeader).ShouldBeFalse();
        (await recorded.Read<PatrolAccepted>()).PatrolId.ShouldBe((await PatrolEventsOf(modelId)).ShouldHaveSingleItem().PatrolId);
    }

    [Fact]
    public async Task A_key_an_earlier_version_left_without_its_answer_answers_409_outcome_unknown_and_records_nothing_new()
    {
        // Given: a patrol recorded under a key whose answer is gone, as the version before this one could leave it
        var modelId = await _client.RegisteredModel();
        (await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "legacy-answerless")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var table = api.Store.Options.FindOrResolveDocumentType(typeof(IdempotencyRecord)).TableName.QualifiedName;
        await using (var connection = new Npgsql.NpgsqlConnection(ApiFactory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var strip = new Npgsql.NpgsqlCommand(
                $"update {table} set data = data - 'status' - 'body' - 'contentType' where id like '%|legacy-answerless'", connection);
            (await strip.ExecuteNonQueryAsync()).ShouldBe(1);
        }
        (await IdempotencyCleanup.AnswerKeysLeftWithoutAnswer(api.Store, CancellationToken.None)).ShouldBe(1);
        var before = await api.EventCount();

        // When
        var retry = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "legacy-answerless");

        // Then
        var problem = await retry.ShouldBeProblem(409);
        problem.GetProperty("type").GetString().ShouldBe(IdempotencyCleanup.OutcomeUnknownType);
        (await api.EventCount()).ShouldBe(before);
        (await PatrolEventsOf(modelId)).Count.ShouldBe(1);
    }
}
