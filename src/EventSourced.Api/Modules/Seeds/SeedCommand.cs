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

    [Description("Also load the review dataset that reproduces the published figures of 2023 (about 3,200 commands)")]
    public bool DatasetFlag { get; set; }
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

        SeedOutcome? units = null, programs = null, granted = null, dataset = null;
        await AnsiConsole.Progress().StartAsync(async context =>
        {
            var unitsTask = context.AddTask($"units ({Path.GetFileName(path)})", maxValue: file.Units.Count + file.Reforms.Count);
            var referenceTask = context.AddTask("programs and commendation authorities", maxValue: 10);
            units = await SeedLoader.LoadUnits(store, file, step => unitsTask.Increment(step), CancellationToken.None);
            (programs, granted) = await SeedLoader.LoadReferenceLists(store, json, step => referenceTask.Increment(step), CancellationToken.None);
            if (input.DatasetFlag)
            {
                var datasetTask = context.AddTask("review dataset", maxValue: ReviewDataset.ApproximateCommands);
                dataset = await new ReviewDataset(store, step => datasetTask.Increment(step), CancellationToken.None).Load();
                datasetTask.Value = datasetTask.MaxValue;
            }
        });
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        AnsiConsole.MarkupLineInterpolated(invariant, $"units: [green]{units!.Recorded}[/] recorded, {units.AlreadyThere} already there");
        AnsiConsole.MarkupLineInterpolated(invariant, $"programs: [green]{programs!.Recorded}[/] recorded, {programs.AlreadyThere} already there");
        AnsiConsole.MarkupLineInterpolated(invariant, $"commendation authorities: [green]{granted!.Recorded}[/] recorded, {granted.AlreadyThere} already there");
        if (dataset is not null)
        {
            AnsiConsole.MarkupLineInterpolated(invariant, $"review dataset: [green]{dataset.Recorded}[/] commands applied, {dataset.AlreadyThere} already applied");
        }
        return true;
    }
}
