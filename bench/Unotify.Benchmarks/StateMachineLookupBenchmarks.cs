using BenchmarkDotNet.Attributes;
using Unotify.StateMachines;

namespace Unotify.Benchmarks;

/// <summary>
/// What the Jira processor does per ticket key: from a project and its current Jira status, the next state for an
/// event. Run with <c>dotnet run -c Release --project bench/Unotify.Benchmarks -- --filter *StateMachineLookup*</c>.
/// </summary>
[MemoryDiagnoser]
public class StateMachineLookupBenchmarks
{
    private const string Machines = """
        provisioner "devhop" {
          aliasmapper "devhop" {
            aliases = { to_do: "To Do", in_progress: "In Progress", in_review: "In Review", done: "Done" }
          }
          statemachine "devhop" {
            initial = "to_do"
            state "to_do" "next"       { transition = "in_progress" }
            state "in_progress" "next" { transition = "in_review" }
            state "in_progress" "prev" { transition = "to_do" }
            state "in_review" "next"   { transition = "done" }
            state "in_review" "prev"   { transition = "in_progress" }
            state "done" "next"        { transition = "<end>" }
          }
        }
        """;

    private StateMachineEngine _engine = null!;

    [GlobalSetup]
    public void Setup()
    {
        var result = StateMachineLoader.Load(Machines, "bench.hcl");
        _engine = new StateMachineEngine(result.Set ?? throw new InvalidOperationException(string.Join('\n', result.Diagnostics)));
    }

    /// <summary>The common case: the status has an alias and the event a transition.</summary>
    [Benchmark(Baseline = true)]
    public StateTransitionOutcome Next_state_for_a_status() => _engine.NextFromStatus("DEVHOP", "In Review", "next");

    /// <summary>The last column: the transition is <c>&lt;end&gt;</c>.</summary>
    [Benchmark]
    public StateTransitionOutcome End_for_the_last_status() => _engine.NextFromStatus("DEVHOP", "Done", "next");

    /// <summary>A status with no alias: the message lists the known statuses.</summary>
    [Benchmark]
    public StateTransitionOutcome Rejection_for_an_unaliased_status() => _engine.NextFromStatus("DEVHOP", "Blocked", "next");

    /// <summary>Loading and validating the whole file, as at start-up and in <c>unotify validate</c>.</summary>
    [Benchmark]
    public StateMachineLoadResult Load_and_validate_the_file() => StateMachineLoader.Load(Machines, "bench.hcl");
}
