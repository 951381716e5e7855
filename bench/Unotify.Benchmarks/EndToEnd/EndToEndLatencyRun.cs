using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Unotify.Benchmarks.EndToEnd;

/// <summary>
/// <c>e2e</c>: merged PRs, one fresh ticket each, posted at a steady rate to the Release host; prints p50/p99 from the
/// POST to the transition's arrival at the fake Jira (which answers at once), and of the POST's own answer.
/// </summary>
/// <remarks>Sending is open-loop (on a schedule, not waiting for answers), so a slow host shows as latency, not as a lower rate.</remarks>
internal static class EndToEndLatencyRun
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var rate = options.Integer("rate", 200, 1, 5000);
        var seconds = options.Integer("seconds", 30, 1, 300);
        var concurrency = options.Integer("concurrency", 4, 1, 256);
        var warmUp = options.Integer("warmup", rate, 0, 100_000);
        var total = rate * seconds;
        await using var stack = await EndToEndStack.StartAsync(warmUp + total, concurrency, TimeSpan.Zero, options);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"host ready in {stack.Host.StartToReady.TotalMilliseconds:0} ms; warming up with {warmUp} events"));
        await SendAsync(stack, 1, warmUp, rate);
        await WaitForMovesAsync(stack, warmUp);

        var sent = await SendAsync(stack, warmUp + 1, total, rate);
        var arrived = await WaitForMovesAsync(stack, warmUp + total);
        var endToEnd = new Percentiles(sent.Where(s => arrived.ContainsKey(s.Ticket)).Select(s => (arrived[s.Ticket] - s.SentAt).TotalMilliseconds));
        var answered = new Percentiles(sent.Select(s => s.AnswerMilliseconds));
        var errors = sent.Count(s => s.Status != HttpStatusCode.Accepted);
        var missing = sent.Count(s => !arrived.ContainsKey(s.Ticket));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            e2e: {rate} events/s for {seconds} s ({total} merged PRs, one fresh ticket each), worker concurrency {concurrency}, fake Jira answering at once
              POST → transition at the fake Jira: {endToEnd}
              POST → 202 from the host:           {answered}
              not 202: {errors}, transitions missing after 60 s: {missing}; host RSS {stack.HostResidentMegabytes():0} MB
              machine: {MachineLine.Describe()}
            """));
        return errors == 0 && missing == 0 ? 0 : 1;
    }

    private static async Task<List<Sent>> SendAsync(EndToEndStack stack, int firstTicket, int count, int rate)
    {
        var posts = new List<Task<Sent>>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var wait = TimeSpan.FromSeconds(i / (double)rate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            posts.Add(PostAsync(stack, EndToEndStack.Ticket(firstTicket + i)));
        }

        return [.. await Task.WhenAll(posts)];
    }

    private static async Task<Sent> PostAsync(EndToEndStack stack, string ticket)
    {
        var sentAt = DateTimeOffset.UtcNow;
        var (status, milliseconds) = await stack.PostAsync(ticket);
        return new Sent(ticket, sentAt, status, milliseconds);
    }

    /// <summary>Waits (at most 60 s) until <paramref name="expected"/> transitions arrived; returns when each ticket's did.</summary>
    private static async Task<Dictionary<string, DateTimeOffset>> WaitForMovesAsync(EndToEndStack stack, int expected)
    {
        await stack.Jira.WaitUntilAsync(jira => jira.Moves.Count >= expected, TimeSpan.FromSeconds(60));
        var arrived = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var move in stack.Jira.Moves)
        {
            arrived.TryAdd(move.Key, move.At);
        }

        return arrived;
    }

    private sealed record Sent(string Ticket, DateTimeOffset SentAt, HttpStatusCode Status, double AnswerMilliseconds);
}
