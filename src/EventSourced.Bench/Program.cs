using EventSourced.Bench;

// `ops/bench chain [--seconds N]`: what the audit hash chain costs in append throughput, measured against the same
// store with the chain's trigger switched off, in one run on one machine. Issue 6 grows this into the full benchmark.
var seconds = args.SkipWhile(a => a != "--seconds").Skip(1).Select(int.Parse).FirstOrDefault(10);
var scenario = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)) ?? "chain";
if (scenario != "chain")
{
    Console.Error.WriteLine($"Unknown scenario '{scenario}'. Scenarios: chain.");
    return 2;
}
await ChainCost.Run(TimeSpan.FromSeconds(seconds));
return 0;
