using EventSourced.Api.Modules.Audit;

namespace EventSourced.Tests.Audit;

public class ChainVerifierTests
{
    private static readonly Guid Stream = Guid.Parse("01a20920-0e7f-7000-a4b3-738be19b88fa");
    private static readonly DateTimeOffset Chained = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Three links h1 ← h2 ← h3 and the three events they chain, untouched.</summary>
    private static (List<ChainLink> Links, List<StoredEvent> Events) Intact() => (
        [new(10, 1, "h1", null, Chained), new(11, 2, "h2", "h1", Chained), new(12, 3, "h3", "h2", Chained)],
        [new(10, Stream, 1, "model_registered", "h1"), new(11, Stream, 2, "patrol_recorded", "h2"), new(12, Stream, 3, "patrol_recorded", "h3")]);

    [Fact]
    public void An_intact_chain_is_OK_with_its_head()
    {
        var (links, events) = Intact();

        var result = ChainVerifier.Verify(Stream, links, events, headerVersion: 3, checkpoint: new ChainCheckpoint(1, Chained, 3, "h3"));

        result.Status.ShouldBe(VerificationStatus.Ok);
        (result.Events, result.LastVersion, result.HeadHash).ShouldBe((3, 3L, "h3"));
        result.Findings.ShouldBeEmpty();
    }

    [Fact]
    public void Content_that_no_longer_hashes_to_its_link_is_ALTERED()
    {
        var (links, events) = Intact();
        events[1] = events[1] with { RecomputedHash = "other" };

        var result = ChainVerifier.Verify(Stream, links, events, 3, null);

        result.FirstBroken.ShouldBe(new BrokenLink(2, 11, "ALTERED", result.FirstBroken!.Reason));
        result.FirstBroken.Reason.ShouldContain("was chained as h2");
    }

    [Fact]
    public void A_link_whose_event_is_gone_is_DELETED()
    {
        var (links, events) = Intact();
        events.RemoveAt(1);

        ChainVerifier.Verify(Stream, links, events, 3, null).FirstBroken!.Kind.ShouldBe("DELETED");
    }

    [Fact]
    public void An_event_at_another_version_than_it_was_chained_at_is_MOVED()
    {
        var (links, events) = Intact();
        events[1] = events[1] with { Version = 3 };
        events[2] = events[2] with { Version = 2 };

        var result = ChainVerifier.Verify(Stream, links, events, 3, null);

        result.Findings.Select(f => (f.Version, f.Kind)).ShouldBe([(2, "MOVED"), (3, "MOVED")]);
    }

    [Fact]
    public void Missing_links_are_a_GAP_and_an_event_without_a_link_is_UNCHAINED()
    {
        var (links, events) = Intact();
        links.RemoveAt(1);
        links[1] = links[1] with { PreviousHash = "h1" };

        var result = ChainVerifier.Verify(Stream, links, events, 3, null);

        result.Findings.Select(f => (f.Version, f.Kind)).ShouldBe([(2, "GAP"), (2, "UNCHAINED")], ignoreOrder: true);
    }

    [Fact]
    public void A_link_that_does_not_name_its_predecessors_hash_is_RELINKED()
    {
        var (links, events) = Intact();
        links[2] = links[2] with { PreviousHash = "forged" };

        ChainVerifier.Verify(Stream, links, events, 3, null).FirstBroken!.ShouldBe(
            new BrokenLink(3, 12, "RELINKED", ChainVerifier.Verify(Stream, links, events, 3, null).FirstBroken!.Reason));
    }

    [Fact]
    public void A_stream_shorter_than_its_last_checkpoint_is_TRUNCATED_after_its_last_version()
    {
        var (links, events) = Intact();
        links.RemoveAt(2);
        events.RemoveAt(2);

        var result = ChainVerifier.Verify(Stream, links, events, headerVersion: 2, checkpoint: new ChainCheckpoint(7, Chained, 3, "h3"));

        result.FirstBroken!.Version.ShouldBe(3);
        result.FirstBroken.Kind.ShouldBe("TRUNCATED");
        result.FirstBroken.Reason.ShouldContain("Checkpoint 7");
    }

    [Fact]
    public void A_header_ahead_of_the_last_event_is_TRUNCATED_even_without_a_checkpoint()
    {
        var (links, events) = Intact();

        ChainVerifier.Verify(Stream, links, events, headerVersion: 5, checkpoint: null).FirstBroken!.ShouldBe(
            new BrokenLink(4, null, "TRUNCATED", "The stream's header says version 5, but its last event is version 3: the tail was removed."));
    }

    [Fact]
    public void A_chain_rewritten_after_a_checkpoint_disagrees_with_it()
    {
        var (links, events) = Intact();

        var result = ChainVerifier.Verify(Stream, links, events, 3, new ChainCheckpoint(2, Chained, 2, "h2-as-it-was"));

        result.FirstBroken.ShouldNotBeNull();
        result.FirstBroken.ShouldBe(new BrokenLink(2, 11, "RELINKED", result.FirstBroken.Reason));
    }

    [Fact]
    public void The_canonical_form_lists_every_field_once_per_line_and_hashes_to_lowercase_hex()
    {
        var e = new ChainedEvent(1, Stream, 1, "model_registered", Guid.Empty, "2026-11-23T09:00:00.000000Z", "officer", "c", "k",
            """{"client": "x"}""", """{"name": "Tổ"}""", "", "");

        var canonical = EventChain.Canonical(e);

        canonical.Split('\n').ShouldBe([
            "ledger-event-v1", $"stream:{Stream}", "version:1", "type:model_registered", $"id:{Guid.Empty}",
            "recorded:2026-11-23T09:00:00.000000Z", "user:officer", "correlation:c", "causation:k", """headers:{"client": "x"}""",
            """data:{"name": "Tổ"}""", "previous:"]);
        EventChain.Hash(e).ShouldMatch("^[0-9a-f]{64}$");
    }
}
