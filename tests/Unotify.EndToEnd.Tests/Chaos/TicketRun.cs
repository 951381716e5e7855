using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Hosting;

namespace Unotify.EndToEnd.Tests.Chaos;

/// <summary>
/// One chaos run's deliveries and tickets: delivery i is a merged pull request naming SOC-i, which waits in the fake
/// Jira at To Do; when every delivery was processed once, every ticket moved once, to In Progress.
/// </summary>
public sealed class TicketRun
{
    private const string RepoId = "42";
    private string? _secret;

    private TicketRun(EndToEndRig rig, IReadOnlyList<GitHubDelivery> deliveries)
    {
        Rig = rig;
        Deliveries = deliveries;
    }

    public EndToEndRig Rig { get; }

    public IReadOnlyList<GitHubDelivery> Deliveries { get; }

    public DeliveryLedger Ledger { get; } = new();

    /// <summary>The workers.yaml of chaos runs: the seed's worker with a short lease, so a killed worker's jobs come back soon.</summary>
    public static string WorkersYaml(int concurrency = 16, int partitions = 1) => $"""
        workers:
          atlassian:
            statefile: jira.hcl
            projects: [soc]
            lease: 2s
            concurrency: {concurrency}
            partitions: {partitions}
        """;

    /// <summary>Delivery i names SOC-i; each carries <paramref name="megabytes"/> MB of file paths when that is not 0.</summary>
    public static TicketRun Prepare(EndToEndRig rig, int count, int megabytes = 0)
    {
        var deliveries = new List<GitHubDelivery>(count);
        for (var i = 1; i <= count; i++)
        {
            var key = "SOC-" + i.ToString(CultureInfo.InvariantCulture);
            rig.Jira.AddIssue(key, "To Do");
            deliveries.Add(megabytes == 0
                ? GitHubDeliveries.MergedPullRequest($"{key} chaos run")
                : GitHubDeliveries.LargeMergedPullRequest($"{key} chaos run", megabytes));
        }

        return new TicketRun(rig, deliveries);
    }

    /// <summary>The fake Jira's calls for each ticket and the hosts' log lines about it, for a failure message.</summary>
    private string Diagnose(IReadOnlyList<string> keys)
    {
        var text = new System.Text.StringBuilder();
        foreach (var key in keys.Take(3))
        {
            var pattern = "/" + key;
            text.Append('\n').Append(key).Append(" calls:\n");
            foreach (var call in Rig.Jira.Calls.Where(call => call.Path.ToString().Contains(pattern, StringComparison.OrdinalIgnoreCase)))
            {
                text.Append("  ").Append(call).Append('\n');
            }

            foreach (var log in Directory.GetFiles(Rig.Directory, "host-*.log").Order(StringComparer.Ordinal))
            {
                // The lines that name the ticket, and every line about the jobs those lines name (retries, leases).
                var lines = File.ReadLines(log).ToList();
                var deliveryId = int.TryParse(key.AsSpan(4), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= Deliveries.Count
                    ? Deliveries[number - 1].DeliveryId
                    : key;
                var jobs = lines.Where(line => line.Contains(key + ":", StringComparison.Ordinal) || line.Contains(key + " ", StringComparison.Ordinal) || line.Contains(deliveryId, StringComparison.Ordinal))
                    .SelectMany(line => System.Text.RegularExpressions.Regex.Matches(line, "[0-9a-f]{32}").Select(match => match.Value))
                    .ToHashSet(StringComparer.Ordinal);
                foreach (var line in lines.Where(line => line.Contains(key + ":", StringComparison.Ordinal) || line.Contains(key + " ", StringComparison.Ordinal) || jobs.Any(job => line.Contains(job, StringComparison.Ordinal))))
                {
                    text.Append("  ").Append(Path.GetFileName(log)).Append(": ").Append(line).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Registers the run's hook on <paramref name="host"/>.</summary>
    public async Task RegisterAsync(HostProcess host) => _secret = await Rig.RegisterHookAsync(host, RepoId);

    /// <summary>Posts every delivery (see <see cref="ChaosSender"/>).</summary>
    public Task SendAsync(Func<HostProcess?> host, int senders = 8) =>
        ChaosSender.SendAsync(Deliveries, host, RepoId, _secret ?? throw new InvalidOperationException("Register the hook first."), senders, Ledger, TimeSpan.FromMinutes(ChaosCollection.Soak ? 30 : 5));

    /// <summary>How many tickets moved so far.</summary>
    public int Moved => Rig.Jira.Moves.Count;

    /// <summary>
    /// Waits until every ticket moved, then checks the promise: every delivery settled without an unexpected answer,
    /// every ticket moved exactly once, no job is in the dead letters, and a redelivery of each is a duplicate.
    /// </summary>
    /// <returns>A one-line summary for the test output.</returns>
    public async Task<string> ShouldEndWithEveryTicketMovedOnceAsync(HostProcess serving, TimeSpan patience)
    {
        Ledger.Unexpected.Should().BeEmpty("every delivery is answered 202, duplicate or 503; hosts said:\n" + Rig.HostOutputs());
        Ledger.Settled.Should().Be(Deliveries.Count, Ledger.ToString());
        try
        {
            await Rig.EventuallyAsync(() => Moved >= Deliveries.Count, patience, $"all {Deliveries.Count} tickets moved");
        }
        catch (TimeoutException exception)
        {
            // Say which tickets are missing and what the hosts logged about them: a flaky run must leave a trail.
            var moved = Rig.Jira.Moves.Select(move => move.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var missing = Deliveries.Select((_, i) => "SOC-" + (i + 1).ToString(CultureInfo.InvariantCulture)).Where(key => !moved.Contains(key)).ToList();
            throw new TimeoutException($"{moved.Count} of {Deliveries.Count} tickets moved; missing: {string.Join(", ", missing.Take(20))}.{Diagnose(missing)}\n{exception.Message}", exception);
        }

        // A job processed twice would move its ticket on to Done: give stragglers a moment to show.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var moves = Rig.Jira.Moves.GroupBy(move => move.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(group => group.Key, group => group.Count(), StringComparer.OrdinalIgnoreCase);
        moves.Should().HaveCount(Deliveries.Count, "every ticket moved");
        var twice = moves.Where(pair => pair.Value != 1).Select(pair => pair.Key).ToList();
        twice.Should().BeEmpty("no ticket moved twice; " + Diagnose(twice));
        Rig.Jira.Moves.Should().OnlyContain(move => move.ToStatus == "In Progress");

        using var admin = EndToEndRig.AdminClient(serving);
        var dead = await admin.GetFromJsonAsync<JsonNode>(new Uri("/conduit/workers/atlassian/dead?count=500", UriKind.Relative));
        dead!["data"]!.AsArray().Should().BeEmpty("no job was dead-lettered, least of all by its own earlier attempt");

        var resent = new DeliveryLedger();
        await ChaosSender.SendAsync(Deliveries, () => serving, RepoId, _secret!, 8, resent, TimeSpan.FromMinutes(5));
        resent.Duplicates.Should().HaveCount(Deliveries.Count, "every processed delivery stays a duplicate: " + resent);

        return $"{Deliveries.Count} deliveries: {Ledger}; {moves.Count} tickets moved, each once; 0 dead letters; {resent.Duplicates.Count} redeliveries answered duplicate";
    }
}
