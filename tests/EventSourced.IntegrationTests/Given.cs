using System.Net.Http.Headers;
using System.Net.Http.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.IntegrationTests;

/// <summary>Given-state builders: each records a fact through the public API, as an agency system would.</summary>
public static class Given
{
    public static async Task<Guid> RegisteredModel(
        this HttpClient api, string province = "79", string unit = "27259", string type = "apartment-self-management-team",
        Organisation lead = Organisation.Police, DateOnly? launch = null, ModelKind kind = ModelKind.Model)
    {
        var response = await api.PostJson("/api/v1/models", RegisterModel.Example with
        {
            ProvinceCode = province,
            UnitCode = unit,
            ModelType = type,
            LeadOrganisation = lead,
            Kind = kind,
            LaunchDate = launch ?? new DateOnly(2023, 4, 1),
        });
        return (await response.Read<Recorded>()).Id;
    }

    /// <summary>Discontinues a model as a client that read it first: If-Match carries the ETag of its GET.</summary>
    public static async Task<HttpResponseMessage> Discontinue(this HttpClient api, Guid modelId, DiscontinueModel command)
    {
        var read = await api.GetAsync($"/api/v1/models/{modelId}");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{modelId}/discontinuation")
        {
            Content = JsonContent.Create(command, options: ApiFactory.Json),
        };
        request.Headers.IfMatch.Add(read.Headers.ETag ?? EntityTagHeaderValue.Any);
        return await api.SendAsync(request);
    }

    public static async Task<PatrolAccepted> RecordedPatrol(this HttpClient api, Guid modelId, int participants = 7, DateOnly? on = null)
    {
        var day = on ?? new DateOnly(2023, 5, 6);
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(19, 0)), VietnamTime.Offset);
        var response = await api.PostJson($"/api/v1/models/{modelId}/patrols",
            RecordPatrol.Example with { ShiftStart = start, ShiftEnd = start.AddHours(4), Participants = participants });
        return await response.Read<PatrolAccepted>();
    }

    public static async Task<Guid> GrantedCommendation(this HttpClient api, string province = "79", string unit = "27259",
        CommendationForm form = CommendationForm.CertificateOfMerit, IssuingOrganisation issuer = IssuingOrganisation.ProvincialPeoplesCommittee)
    {
        var response = await api.PostJson("/api/v1/commendations", GrantCommendation.Example with
        {
            ProvinceCode = province,
            Form = form,
            Issuer = issuer,
            Recipient = GrantCommendation.Example.Recipient with { UnitCode = unit },
        });
        return (await response.Read<Recorded>()).Id;
    }
}
