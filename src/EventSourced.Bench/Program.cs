using EventSourced.Bench;

// ops/bench [--quick] [--clients N] [--seconds S] [--events N]   the whole benchmark (docs/performance.md)
// ops/bench chain [--seconds N]                                 what the audit hash chain costs (docs/audit.md)
if (args.FirstOrDefault() == "chain")
{
    var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(10);
    await ChainCost.Run(TimeSpan.FromSeconds(seconds));
    return 0;
}
if (args.FirstOrDefault() == "profile")
{
    // ops/bench profile patrol|read [--seconds N]: the service under one load, its pid printed first, so that
    // dotnet-trace can be attached (docs/performance.md, "Profiling the service").
    await FullRun.UnderTrace(BenchSettings.From(args), args.ElementAtOrDefault(1) ?? "patrol");
    return 0;
}
if (args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)) is { } unknown)
{
    Console.Error.WriteLine($"Unknown scenario '{unknown}'. Use no scenario (the whole benchmark) or 'chain'.");
    return 2;
}
await FullRun.Run(BenchSettings.From(args));
return 0;
