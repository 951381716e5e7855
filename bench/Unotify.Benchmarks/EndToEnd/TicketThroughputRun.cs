using System.Globalization;
using System.Net;

namespace Unotify.Benchmarks.EndToEnd;

/// <summary>
/// <c>throughput</c>: the fake Jira answers every call after a delay (default 20 ms), the worker runs 32 jobs at once;
/// N merged PRs naming one fresh ticket each are posted as fast as the host takes them, and the run prints tickets/s
/// from the first POST to the last transition's arrival.
/// </summary>
internal static class TicketThroughputRun
{
    private const int Senders = 16;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var tickets = options.Integer("tickets", 3000, 1, 100_000);
        var delay = TimeSpan.FromMilliseconds(options.Integer("delay-ms", 20, 0, 10_000));
        var concurrency = options.Integer("concurrency", 32, 1, 256);
        var warmUp = options.Integer("warmup", 2 * concurrency, 0, 100_000);
        await using var stack = await EndToEndStack.StartAsync(warmUp + tickets, concurrency, delay, options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host ready in {stack.Host.StartToReady.TotalMilliseconds:0} ms; warming up with {warmUp} tickets"));
        await PostAllAsync(stack, 1, warmUp);
        await stack.Jira.WaitUntilAsync(jira => jira.Moves.Count >= warmUp, TimeSpan.FromSeconds(120));

        var started = DateTimeOffset.UtcNow;
        var errors = await PostAllAsync(stack, warmUp + 1, tickets);
        var posted = DateTimeOffset.UtcNow;
        var finished = await stack.Jira.WaitUntilAsync(jira => jira.Moves.Count >= warmUp + tickets, TimeSpan.FromSeconds(300));
        var moves = stack.Jira.Moves.Skip(warmUp).ToList();
        var last = moves.Count > 0 ? moves.Max(move => move.At) : posted;
        var elapsed = (last - started).TotalSeconds;
        var calls = stack.Jira.Calls.Where(call => call.At >= started).GroupBy(call => call.Method).ToDictionary(group => group.Key, group => group.Count());
        var callsPerTicket = string.Join(", ", calls.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Value / (double)Math.Max(1, moves.Count):0.00} {pair.Key}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            throughput: {tickets} merged PRs (one fresh ticket each), fake Jira answering after {delay.TotalMilliseconds:0} ms, worker concurrency {concurrency}
              {moves.Count / elapsed:0} tickets/s ({moves.Count} transitions in {elapsed:0.00} s from the first POST; all posted after {(posted - started).TotalSeconds:0.00} s)
              Jira calls per ticket: {callsPerTicket}; most in flight at once: {stack.Jira.MaxConcurrentRequests}; not 202: {errors}; {(finished ? "all transitions arrived" : "NOT all transitions arrived within 300 s")}; host RSS {stack.HostResidentMegabytes():0} MB
              machine: {MachineLine.Describe()}
            """));
        return errors == 0 && finished ? 0 : 1;
    }

    private static async Task<int> PostAllAsync(EndToEndStack stack, int firstTicket, int count)
    {
        var errors = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(firstTicket, count),
            new ParallelOptions { MaxDegreeOfParallelism = Senders },
            async (number, _) =>
            {
                var (status, _) = await stack.PostAsync(EndToEndStack.Ticket(number));
                if (status != HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref errors);
                }
            });
        return errors;
    }
}
