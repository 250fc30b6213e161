using JasperFx.CommandLine;
using Marten;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace EventSourced.Api.Modules.Seeds;

public sealed class SeedInput : NetCoreInput
{
    [Description("Units file (default: seeds/units.json, found from the working directory upwards)")]
    public string UnitsFlag { get; set; } = "";
}

/// <summary><c>dotnet EventSourced.Api.dll seed</c>: loads seeds/ through the command handlers, with a progress bar.</summary>
[Description("Load the reference data in seeds/ through the command handlers; loading twice changes nothing")]
public sealed class SeedCommand : JasperFxAsyncCommand<SeedInput>
{
    public override async Task<bool> Execute(SeedInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var json = host.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var path = string.IsNullOrEmpty(input.UnitsFlag) ? SeedLoader.Locate("units.json") : input.UnitsFlag;
        var file = await SeedLoader.ReadUnits(path, json, CancellationToken.None);

        SeedOutcome? outcome = null;
        await AnsiConsole.Progress().StartAsync(async context =>
        {
            var task = context.AddTask($"units ({Path.GetFileName(path)})", maxValue: file.Units.Count + file.Reforms.Count);
            outcome = await SeedLoader.LoadUnits(store, file, step => task.Increment(step), CancellationToken.None);
        });
        AnsiConsole.MarkupLineInterpolated(System.Globalization.CultureInfo.InvariantCulture, $"units: [green]{outcome!.Recorded}[/] recorded, {outcome.AlreadyThere} already there");
        return true;
    }
}
