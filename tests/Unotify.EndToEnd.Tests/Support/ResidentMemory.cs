using System.Globalization;
using Unotify.Testing.Hosting;

namespace Unotify.EndToEnd.Tests.Support;

/// <summary>A host process's resident memory (VmRSS), read from /proc.</summary>
public static class ResidentMemory
{
    /// <summary>The host's resident memory now, in MB.</summary>
    public static long Megabytes(HostProcess host)
    {
        foreach (var line in File.ReadLines($"/proc/{host.ProcessId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }

        throw new InvalidOperationException("No VmRSS line.");
    }

    /// <summary>The highest resident memory seen, sampled every 20 ms until <paramref name="cancellationToken"/> is cancelled, in MB.</summary>
    public static async Task<long> SamplePeakAsync(HostProcess host, CancellationToken cancellationToken)
    {
        long peak = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            peak = Math.Max(peak, Megabytes(host));
            try
            {
                await Task.Delay(20, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return peak;
    }
}
