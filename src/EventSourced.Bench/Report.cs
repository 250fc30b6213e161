using System.Globalization;
using System.Text.Json;

namespace EventSourced.Bench;

/// <summary>One measured figure, with the ceiling it is compared to and the target it must reach.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Value">The figure.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Ceiling">The PostgreSQL ceiling it is a ratio of, if any.</param>
/// <param name="CeilingValue">That ceiling's value in this run.</param>
/// <param name="Target">The target, in words (ratio or bound).</param>
/// <param name="Pass">Whether the target is met; null when there is no target.</param>
public sealed record Figure(string Name, double Value, string Unit, string? Ceiling, double? CeilingValue, string? Target, bool? Pass)
{
    public double? Ratio => CeilingValue is > 0 ? Value / CeilingValue : null;
}

public sealed class Report(BenchSettings settings)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly List<Figure> _figures = [];

    private readonly Dictionary<string, IReadOnlyList<string>> _notes = [];

    public IReadOnlyList<Figure> Figures => _figures;

    /// <summary>Profile lines of a phase, printed under the table and kept in the JSON.</summary>
    public void Notes(string phase, IReadOnlyList<string> lines) => _notes[phase] = lines;

    public void Ceiling(string name, double value, string unit) => Add(new Figure(name, value, unit, null, null, null, null));

    public void Ratio(string name, double value, string unit, string ceiling, double ceilingValue, double atLeast) =>
        Add(new Figure(name, value, unit, ceiling, ceilingValue, string.Create(CultureInfo.InvariantCulture, $"≥ {atLeast:0.0#} × ceiling"),
            ceilingValue > 0 && value / ceilingValue >= atLeast));

    public void AtMost(string name, double value, string unit, double bound) =>
        Add(new Figure(name, value, unit, null, null, string.Create(CultureInfo.InvariantCulture, $"≤ {bound:0.##} {unit}"), !double.IsNaN(value) && value <= bound));

    public void Info(string name, double value, string unit) => Add(new Figure(name, value, unit, null, null, null, null));

    public void Verdict(string name, double value, string unit, string target, bool? pass) => Add(new Figure(name, value, unit, null, null, target, pass));

    private void Add(Figure figure)
    {
        _figures.Add(figure);
        Console.WriteLine($"  {figure.Name}: {Format(figure.Value)} {figure.Unit}{(figure.Ratio is { } r ? $" (ratio {r:0.00})" : "")}");
    }

    public string Write()
    {
        var lines = new List<string>
        {
            "",
            $"BVANTQ ledger benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {(settings.Quick ? "quick" : "full")} run, {settings.Clients} clients, {settings.Duration.TotalSeconds:0} s per phase",
            "",
            $"| {"figure",-52} | {"value",14} | {"ceiling",-38} | {"ratio",6} | {"target",-18} | {"result",-6} |",
            $"|{new string('-', 54)}|{new string('-', 16)}|{new string('-', 40)}|{new string('-', 8)}|{new string('-', 20)}|{new string('-', 8)}|",
        };
        foreach (var f in _figures)
        {
            var ceiling = f.Ceiling is null ? "" : $"{f.Ceiling} {Format(f.CeilingValue!.Value)}";
            var result = f.Pass switch { true => "PASS", false => "FAIL", null => "" };
            lines.Add($"| {f.Name,-52} | {Format(f.Value) + " " + f.Unit,14} | {ceiling,-38} | {(f.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : ""),6} | {f.Target ?? "",-18} | {result,-6} |");
        }
        foreach (var (phase, notes) in _notes)
        {
            lines.Add("");
            lines.Add($"Where the time goes — {phase}:");
            lines.AddRange(notes.Select(n => $"  {n}"));
        }
        var table = string.Join(Environment.NewLine, lines);
        Console.WriteLine(table);

        var directory = Path.Combine(Repository.Root, "results");
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new
        {
            At = DateTime.UtcNow,
            Environment.ProcessorCount,
            settings.Quick,
            settings.Clients,
            DurationSeconds = settings.Duration.TotalSeconds,
            Figures = _figures.Select(f => new { f.Name, f.Value, f.Unit, f.Ceiling, f.CeilingValue, f.Ratio, f.Target, f.Pass }),
            Profile = _notes,
        }, Indented));
        Console.WriteLine($"{Environment.NewLine}Written to {Path.GetRelativePath(Repository.Root, file)}");
        return table;
    }

    private static string Format(double value) =>
        double.IsNaN(value) ? "n/a" : value >= 100 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("0.0#", CultureInfo.InvariantCulture);
}
