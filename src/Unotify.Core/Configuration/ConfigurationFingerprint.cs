using System.Security.Cryptography;
using System.Text;

namespace Unotify.Core.Configuration;

/// <summary>
/// What a configuration means, without where it is written: two reads of <c>workers.yaml</c> give a worker the same
/// fingerprint unless something that changes how it runs changed (its processor, settings, filter, the worker it
/// follows, queue, retry, circuit or rate settings, its plugins, its projects, or the content of its state file). Moving
/// a worker within the file or editing a comment changes nothing. A reload restarts exactly the workers whose fingerprint changed.
/// </summary>
/// <remarks>The fingerprint is a hash: the settings it covers (secrets among them) are not kept in it.</remarks>
public static class ConfigurationFingerprint
{
    /// <summary>The fingerprint of what every worker depends on: the file's <c>plugins:</c> and <c>providers:</c>.</summary>
    /// <param name="file">A read workers file.</param>
    /// <returns>A hash, equal for two reads that mean the same.</returns>
    public static string OfShared(WorkersFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var text = new StringBuilder();
        Line(text, "plugins", string.Join('\n', file.Plugins.Select(plugin => plugin.Path)));
        foreach (var provider in file.Providers)
        {
            Line(text, "provider", provider.Name);
            Line(text, "type", provider.Type);
            Settings(text, provider.Settings.Values.Values);
        }

        return Hash(text);
    }

    /// <summary>The fingerprint of one worker, its state file's content included.</summary>
    /// <param name="worker">A worker of a read workers file.</param>
    /// <returns>A hash, equal for two reads that mean the same.</returns>
    public static string Of(WorkerDefinition worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        var text = new StringBuilder();
        Line(text, "name", worker.Name);
        Line(text, "processor", worker.Processor);
        Line(text, "plugins", string.Join('\n', worker.Plugins.Select(plugin => plugin.Path)));
        Line(text, "on", string.Join('\n', worker.Filter.Rules.Select(rule => rule.Provider + "/" + rule.Kind)));
        Line(text, "event", worker.StateMachineEvent);
        Line(text, "after", worker.After ?? "none");
        Line(text, "concurrency", worker.Concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (worker.Partitions != 1)
        {
            // Only when set, so the fingerprints of workers without partitions stay what earlier versions computed.
            Line(text, "partitions", worker.Partitions.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Line(text, "lease", worker.LeaseTime.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Line(text, "retry", worker.Retry.ToString());
        Line(text, "circuit", worker.Circuit.ToString());
        Line(text, "rate", worker.Rate?.ToString() ?? "none");
        Line(text, "projects", string.Join('\n', worker.Projects));
        Line(text, "statefile", worker.StateFile ?? "none");
        Line(text, "statefile-content", worker.StateFile is { } stateFile ? ContentHash(stateFile) : "none");
        Settings(text, worker.Settings.Values);
        return Hash(text);
    }

    private static void Settings(StringBuilder text, IReadOnlyDictionary<string, string> values)
    {
        foreach (var (key, value) in values.OrderBy(pair => pair.Key, StringComparer.OrdinalIgnoreCase))
        {
            Line(text, "setting " + key.ToLowerInvariant(), value);
        }
    }

    /// <summary>Writes one field with its length, so that no two different field lists give one text.</summary>
    private static void Line(StringBuilder text, string field, string value) =>
        text.Append(field).Append('=').Append(value.Length).Append(':').Append(value).Append('\n');

    /// <summary>The hash of a file's bytes; a file that cannot be read hashes as the reason, so that fixing it is a change.</summary>
    private static string ContentHash(string path)
    {
        try
        {
            return Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return "unreadable: " + exception.GetType().Name;
        }
    }

    private static string Hash(StringBuilder text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
}
