using System.Net;
using System.Text.Json.Nodes;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Hosting;

namespace Unotify.EndToEnd.Tests.Chaos;

/// <summary>
/// Senders that behave like a webhook sender that redelivers: each delivery is posted until it gets 202 or 200
/// duplicate; a 503 or a lost connection (the host was killed) is resent after a pause to whichever host runs then.
/// </summary>
public static class ChaosSender
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    /// <summary>Posts every delivery with <paramref name="senders"/> in parallel; returns when each one is settled or gave up.</summary>
    /// <param name="deliveries">The deliveries.</param>
    /// <param name="host">The host to post to now, or <see langword="null"/> while none runs.</param>
    /// <param name="repoId">The hook's repo id.</param>
    /// <param name="secret">The hook's secret.</param>
    /// <param name="senders">How many send at once.</param>
    /// <param name="ledger">Where the answers are recorded.</param>
    /// <param name="deadline">When to give up on a delivery that never settles (recorded as unexpected).</param>
    public static async Task SendAsync(
        IReadOnlyList<GitHubDelivery> deliveries, Func<HostProcess?> host, string repoId, string secret, int senders, DeliveryLedger ledger, TimeSpan deadline)
    {
        using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(2) }) { Timeout = TimeSpan.FromSeconds(20) };
        var until = DateTime.UtcNow + deadline;
        await Parallel.ForEachAsync(deliveries, new ParallelOptions { MaxDegreeOfParallelism = senders }, async (delivery, _) =>
        {
            while (true)
            {
                if (DateTime.UtcNow > until)
                {
                    ledger.Unexpected.Enqueue($"{delivery.DeliveryId}: not settled before the deadline");
                    return;
                }

                if (host() is not { } target)
                {
                    await Task.Delay(Pause);
                    continue;
                }

                using var request = delivery.ToRequest(repoId, secret);
                request.RequestUri = new Uri(target.BaseAddress, request.RequestUri!);
                HttpResponseMessage response;
                try
                {
                    response = await client.SendAsync(request);
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or IOException)
                {
                    ledger.CountConnectionLost();
                    await Task.Delay(Pause);
                    continue;
                }

                using (response)
                {
                    var text = await response.Content.ReadAsStringAsync();
                    switch (response.StatusCode)
                    {
                        case HttpStatusCode.Accepted:
                            ledger.Accepted.AddOrUpdate(delivery.DeliveryId, 1, (_, count) => count + 1);
                            return;
                        case HttpStatusCode.OK when IsDuplicate(text):
                            ledger.Duplicates.AddOrUpdate(delivery.DeliveryId, 1, (_, count) => count + 1);
                            return;
                        case HttpStatusCode.ServiceUnavailable:
                            ledger.CountStoreUnavailable();
                            await Task.Delay(Pause);
                            continue;
                        default:
                            ledger.Unexpected.Enqueue($"{delivery.DeliveryId}: {(int)response.StatusCode} from {target.BaseAddress} (pid {target.ProcessId}): {text}");
                            return;
                    }
                }
            }
        });
    }

    private static bool IsDuplicate(string answer) => JsonNode.Parse(answer)?["data"]?["duplicate"]?.GetValue<bool>() == true;
}
