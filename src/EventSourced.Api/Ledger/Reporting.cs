using System.Globalization;
using System.Text.Json;
using JasperFx.Events;
using Marten;

namespace EventSourced.Api.Ledger;

/// <summary>
/// When the reporting chain learned a fact (rule 9's second clock). Normally that is when the ledger recorded the event
/// (Marten's timestamp, never altered: the audit trail depends on it). A trusted import of records kept elsewhere
/// (paper registers, the review spreadsheets) states the original reporting time in the <c>reported-at</c> header.
/// </summary>
public static class Reporting
{
    public const string ReportedAtHeader = "reported-at";

    public static void ReportedAt(IDocumentSession session, DateTimeOffset reportedAt) =>
        session.SetHeader(ReportedAtHeader, reportedAt.ToString("O", CultureInfo.InvariantCulture));

    /// <summary>The header as Marten hands it back: a string, a JSON string, or already a date (read back as UTC).</summary>
    public static DateTimeOffset KnownSince(IEvent e) => e.GetHeader(ReportedAtHeader) switch
    {
        DateTimeOffset at => at,
        DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, at.Kind == DateTimeKind.Local ? DateTimeKind.Local : DateTimeKind.Utc)),
        string text when DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) => at,
        JsonElement { ValueKind: JsonValueKind.String } json when json.TryGetDateTimeOffset(out var at) => at,
        _ => e.Timestamp,
    };
}
