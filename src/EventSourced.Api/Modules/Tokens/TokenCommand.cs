using EventSourced.Api.Infrastructure;
using JasperFx.CommandLine;

namespace EventSourced.Api.Modules.Tokens;

public sealed class TokenInput : NetCoreInput
{
    [Description("Role: recorder, auditor, analyst or admin (several separated by commas)")]
    public string RoleFlag { get; set; } = "";

    [Description("Commune-level unit(s) of the jurisdiction, e.g. 26740 (several separated by commas)")]
    public string UnitFlag { get; set; } = "";

    [Description("Province(s) of the jurisdiction, e.g. 79 (several separated by commas)")]
    public string ProvinceFlag { get; set; } = "";

    [Description("Jurisdiction over the whole country")]
    public bool NationalFlag { get; set; }

    [Description("Subject: the person or service account (default: dev-user)")]
    public string SubjectFlag { get; set; } = "dev-user";

    [Description("Client system the token is issued to (default: dev-cli)")]
    public string ClientFlag { get; set; } = "dev-cli";

    [Description("Lifetime in hours (default: 8)")]
    public int HoursFlag { get; set; } = 8;
}

/// <summary>
/// <c>dotnet EventSourced.Api.dll token --role recorder --unit 26740</c>: prints a bearer token signed with this
/// machine's development key, which the service trusts outside Production. Nothing else is printed, so
/// <c>TOKEN=$(… token …)</c> works.
/// </summary>
[Description("Print a development bearer token (signed with the locally generated development key)")]
public sealed class TokenCommand : JasperFxCommand<TokenInput>
{
    public override bool Execute(TokenInput input)
    {
        var roles = Split(input.RoleFlag);
        var unknown = roles.Where(r => !Access.Roles.Contains(r)).ToList();
        if (roles.Count == 0 || unknown.Count > 0)
        {
            Console.Error.WriteLine($"--role must be one or more of {string.Join(", ", Access.Roles)}.");
            return false;
        }
        var jurisdictions = Split(input.ProvinceFlag).Concat(Split(input.UnitFlag)).ToList();
        if (input.NationalFlag)
        {
            jurisdictions.Add(Jurisdiction.National);
        }
        if (jurisdictions.FirstOrDefault(j => !Jurisdiction.IsValidClaim(j)) is { } wrong)
        {
            Console.Error.WriteLine($"'{wrong}' is not a province (2 digits), district (3) or commune-level unit (5) code.");
            return false;
        }
        // The service refuses development tokens that live longer than the default cap, so none is minted.
        var maxHours = (int)TrustedIssuer.DefaultMaxLifetime.TotalHours;
        if (input.HoursFlag < 1 || input.HoursFlag > maxHours)
        {
            Console.Error.WriteLine($"--hours must be between 1 and {maxHours}.");
            return false;
        }
        using var host = input.BuildHost();
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        Console.WriteLine(DevelopmentTokens.Mint(configuration,
            new TokenRequest(input.SubjectFlag, input.ClientFlag, roles, jurisdictions, TimeSpan.FromHours(input.HoursFlag))));
        return true;
    }

    private static List<string> Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
