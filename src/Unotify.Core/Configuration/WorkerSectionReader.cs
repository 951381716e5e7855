using System.Text.RegularExpressions;
using Unotify.Core.Queue;
using Unotify.Core.Routing;
using Unotify.Sdk;
using YamlDotNet.RepresentationModel;

namespace Unotify.Core.Configuration;

/// <summary>Reads one worker's section of <c>workers.yaml</c>.</summary>
internal static partial class WorkerSectionReader
{
    private static readonly string[] WorkerKeys =
        ["processor", "plugins", "on", "after", "event", "concurrency", "partitions", "lease", "retry", "circuit", "rate", "statefile", "projects", "settings"];

    private static readonly string[] RetryKeys = ["max_attempts", "base_delay", "max_delay", "give_up_after"];

    private static readonly string[] CircuitKeys = ["failures", "cool_down", "max_cool_down"];

    private static readonly string[] RateKeys = ["limit", "burst"];

    public static WorkerDefinition? Read(YamlReadContext context, string name, string path, YamlNode node, string directory, WorkersFileReaderOptions options)
    {
        var errorsBefore = context.Errors.Count;
        if (!WorkerName().IsMatch(name))
        {
            context.Error(path, node, $"'{name}' is not a valid worker name.", "name workers with letters, digits, '-' and '_', starting with a letter or digit (at most 64 characters).");
        }

        var mapping = node is YamlScalarNode { Value: null or "" }
            ? new YamlMappingNode()
            : context.Mapping(node, path, "give the worker's keys under its name, for example 'statefile: jira.hcl'.");
        if (mapping is null)
        {
            return null;
        }

        string processor = DefaultProcessor(name);
        var processorLocation = context.At(path, node);
        IReadOnlyList<PluginReference> plugins = [];
        var filter = EventFilter.Default;
        IReadOnlyList<(string, SourceLocation)> filterProviders = [];
        string? after = null;
        SourceLocation? afterLocation = null;
        var eventName = "next";
        var concurrency = 4;
        var partitions = 1;
        var lease = WorkerDefinition.DefaultLeaseTime;
        var retry = RetryPolicy.Default;
        var circuit = CircuitPolicy.Default;
        RateLimit? rate = null;
        string? stateFile = null;
        IReadOnlyList<string> projects = [];
        var settings = ProcessorSettings.Empty(name);
        IReadOnlyDictionary<string, SourceLocation> settingLocations = new Dictionary<string, SourceLocation>();

        foreach (var (key, keyPath, value) in context.Entries(mapping, path, WorkerKeys))
        {
            switch (key)
            {
                case "processor":
                    processorLocation = context.At(keyPath, value);
                    var processorName = context.Scalar(value, keyPath, "name the processor plugin, for example 'processor: jira'.");
                    if (processorName is not null && !LowerName().IsMatch(processorName))
                    {
                        context.Error(keyPath, value, $"'{processorName}' is not a valid processor name.", "write the processor's lower-case name, for example 'jira'.");
                    }

                    processor = processorName ?? processor;
                    break;
                case "plugins":
                    plugins = WorkersFileReader.ReadPluginList(context, value, keyPath, directory);
                    break;
                case "on":
                    (filter, filterProviders) = EventFilterReader.Read(context, value, keyPath);
                    break;
                case "after":
                    afterLocation = context.At(keyPath, value);
                    after = context.Scalar(value, keyPath, "name the worker whose outcome this one waits for, for example 'after: atlassian'.");
                    break;
                case "event":
                    var text = context.Scalar(value, keyPath, "name the state-machine event to fire, for example 'event: next'.");
                    if (text is not null && !Identifier().IsMatch(text))
                    {
                        context.Error(keyPath, value, $"'{text}' is not a valid state-machine event name.", "use letters, digits and '_', as in the state file's state blocks (for example 'next').");
                    }

                    eventName = text ?? eventName;
                    break;
                case "concurrency":
                    concurrency = context.Integer(value, keyPath, 1, 256) ?? concurrency;
                    break;
                case "partitions":
                    partitions = context.Integer(value, keyPath, 1, QueueOptions.MaxPartitions) ?? partitions;
                    break;
                case "lease":
                    lease = context.Duration(value, keyPath) ?? lease;
                    break;
                case "retry":
                    retry = ReadRetry(context, value, keyPath);
                    break;
                case "circuit":
                    circuit = ReadCircuit(context, value, keyPath);
                    break;
                case "rate":
                    rate = ReadRate(context, value, keyPath);
                    break;
                case "statefile":
                    stateFile = ReadStateFile(context, value, keyPath, directory);
                    break;
                case "projects":
                    projects = ReadProjects(context, value, keyPath);
                    break;
                default:
                    (settings, settingLocations) = SettingsReader.Read(context, name, value, keyPath, options.Environment);
                    break;
            }
        }

        if (context.Errors.Count > errorsBefore)
        {
            return null;
        }

        return new WorkerDefinition
        {
            Name = name,
            Processor = processor,
            ProcessorLocation = processorLocation,
            Plugins = plugins,
            Filter = filter,
            FilterProviders = filterProviders,
            After = after,
            AfterLocation = afterLocation,
            StateMachineEvent = eventName,
            Concurrency = concurrency,
            Partitions = partitions,
            LeaseTime = lease,
            Retry = retry,
            Circuit = circuit,
            Rate = rate,
            StateFile = stateFile,
            Projects = projects,
            Settings = settings,
            SettingLocations = settingLocations,
        };
    }

    /// <summary>The seed's worker <c>atlassian</c> means the jira processor; any other worker defaults to a processor of its own name.</summary>
    private static string DefaultProcessor(string workerName) =>
        string.Equals(workerName, "atlassian", StringComparison.OrdinalIgnoreCase) ? "jira" : workerName.ToLowerInvariant();

    private static RetryPolicy ReadRetry(YamlReadContext context, YamlNode node, string path)
    {
        var mapping = context.Mapping(node, path, "write 'retry: { base_delay: 2s, max_delay: 10m, give_up_after: 24h }' (and 'max_attempts: N' to limit by count too).");
        if (mapping is null)
        {
            return RetryPolicy.Default;
        }

        // A retry: section that names max_attempts alone keeps the count-only behaviour it always had; the 24-hour
        // limit applies only where neither limit is written.
        var policy = RetryPolicy.Default;
        var anyLimit = false;
        YamlNode? maxDelayNode = null;
        foreach (var (key, keyPath, value) in context.Entries(mapping, path, RetryKeys))
        {
            switch (key)
            {
                case "max_attempts":
                    anyLimit = true;
                    policy = policy with { MaxAttempts = context.Integer(value, keyPath, 1, 10_000) ?? policy.MaxAttempts };
                    break;
                case "give_up_after":
                    anyLimit = true;
                    policy = policy with { GiveUpAfter = context.Duration(value, keyPath) ?? policy.GiveUpAfter };
                    break;
                case "base_delay":
                    policy = policy with { BaseDelay = context.Duration(value, keyPath) ?? policy.BaseDelay };
                    break;
                default:
                    maxDelayNode = value;
                    policy = policy with { MaxDelay = context.Duration(value, keyPath) ?? policy.MaxDelay };
                    break;
            }
        }

        if (anyLimit && !mapping.Children.Keys.OfType<YamlScalarNode>().Any(key => key.Value == "give_up_after"))
        {
            policy = policy with { GiveUpAfter = null };
        }

        if (policy.MaxDelay < policy.BaseDelay)
        {
            context.Error(path + ".max_delay", maxDelayNode ?? node, $"max_delay ({policy.MaxDelay}) is shorter than base_delay ({policy.BaseDelay}).", "make max_delay at least as long as base_delay.");
        }

        return policy;
    }

    private static CircuitPolicy ReadCircuit(YamlReadContext context, YamlNode node, string path)
    {
        const string Fix = "write 'circuit: { failures: 5, cool_down: 5s, max_cool_down: 5m }', or 'circuit: off' to turn the breaker off.";
        if (node is YamlScalarNode { Value: "off" or "false" })
        {
            return CircuitPolicy.Off;
        }

        var mapping = context.Mapping(node, path, Fix);
        if (mapping is null)
        {
            return CircuitPolicy.Default;
        }

        var policy = CircuitPolicy.Default;
        YamlNode? maxNode = null;
        foreach (var (key, keyPath, value) in context.Entries(mapping, path, CircuitKeys))
        {
            switch (key)
            {
                case "failures":
                    policy = policy with { Failures = context.Integer(value, keyPath, 1, 10_000) ?? policy.Failures };
                    break;
                case "cool_down":
                    policy = policy with { CoolDown = context.Duration(value, keyPath) ?? policy.CoolDown };
                    break;
                default:
                    maxNode = value;
                    policy = policy with { MaxCoolDown = context.Duration(value, keyPath) ?? policy.MaxCoolDown };
                    break;
            }
        }

        if (policy.MaxCoolDown < policy.CoolDown)
        {
            context.Error(path + ".max_cool_down", maxNode ?? node, $"max_cool_down ({policy.MaxCoolDown}) is shorter than cool_down ({policy.CoolDown}).", "make max_cool_down at least as long as cool_down.");
        }

        return policy;
    }

    private static RateLimit? ReadRate(YamlReadContext context, YamlNode node, string path)
    {
        const string Fix = "write 'rate: 10/s' (or per minute, '600/m', or per hour, '36000/h'), or 'rate: { limit: 10/s, burst: 20 }'.";
        if (node is YamlScalarNode)
        {
            var text = context.Scalar(node, path, Fix);
            return text is not null && ReadPerSecond(context, node, path, text, Fix) is { } perSecond ? new RateLimit(perSecond, RateLimit.DefaultBurst(perSecond)) : null;
        }

        var mapping = context.Mapping(node, path, Fix);
        if (mapping is null)
        {
            return null;
        }

        double? limit = null;
        int? burst = null;
        foreach (var (key, keyPath, value) in context.Entries(mapping, path, RateKeys))
        {
            if (key == "limit")
            {
                var text = context.Scalar(value, keyPath, Fix);
                limit = text is null ? null : ReadPerSecond(context, value, keyPath, text, Fix);
            }
            else
            {
                burst = context.Integer(value, keyPath, 1, 100_000);
            }
        }

        if (limit is null)
        {
            if (!mapping.Children.Keys.OfType<YamlScalarNode>().Any(key => key.Value == "limit"))
            {
                context.Error(path, node, "rate: has no limit.", Fix);
            }

            return null;
        }

        return new RateLimit(limit.Value, burst ?? RateLimit.DefaultBurst(limit.Value));
    }

    private static double? ReadPerSecond(YamlReadContext context, YamlNode node, string path, string text, string fix)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var per = slash < 0 ? null : text[(slash + 1)..].Trim() switch
        {
            "s" or "sec" or "second" => 1.0,
            "m" or "min" or "minute" => 60.0,
            "h" or "hour" => 3600.0,
            _ => (double?)null,
        };
        if (per is { } seconds
            && double.TryParse(text[..slash].Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var count)
            && count > 0 && double.IsFinite(count))
        {
            var perSecond = count / seconds;
            if (perSecond is >= 0.001 and <= 100_000)
            {
                return perSecond;
            }
        }

        context.Error(path, node, $"'{text}' is not a rate between 1 per 1000 s and 100000 per second.", fix);
        return null;
    }

    private static string? ReadStateFile(YamlReadContext context, YamlNode node, string path, string directory)
    {
        var value = context.Scalar(node, path, "name the HCL state file, for example 'statefile: jira.hcl'.");
        if (value is null)
        {
            return null;
        }

        var full = Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(directory, "statemachines", value));
        if (!File.Exists(full))
        {
            context.Error(path, node, $"the state file '{value}' does not exist (looked for {full}).", "create it, or correct the name; relative names start in the statemachines/ folder beside workers.yaml.");
            return null;
        }

        return full;
    }

    private static List<string> ReadProjects(YamlReadContext context, YamlNode node, string path)
    {
        var projects = new List<string>();
        foreach (var (value, itemNode) in context.ScalarOrList(node, path, "list Jira project keys, for example 'projects: [devhop, soc]'."))
        {
            if (!ProjectKey().IsMatch(value))
            {
                context.Error(path, itemNode, $"'{value}' is not a project key.", "write a project key: a letter, then letters, digits or '_' (for example soc).");
                continue;
            }

            var upper = value.ToUpperInvariant();
            if (!projects.Contains(upper))
            {
                projects.Add(upper);
            }
        }

        return projects;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    private static partial Regex WorkerName();

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]*$")]
    private static partial Regex LowerName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex Identifier();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex ProjectKey();
}
