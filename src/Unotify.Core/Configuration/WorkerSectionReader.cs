using System.Text.RegularExpressions;
using Unotify.Core.Routing;
using Unotify.Sdk;
using YamlDotNet.RepresentationModel;

namespace Unotify.Core.Configuration;

/// <summary>Reads one worker's section of <c>workers.yaml</c>.</summary>
internal static partial class WorkerSectionReader
{
    private static readonly string[] WorkerKeys =
        ["processor", "plugins", "on", "event", "concurrency", "lease", "retry", "statefile", "projects", "settings"];

    private static readonly string[] RetryKeys = ["max_attempts", "base_delay", "max_delay"];

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
        var eventName = "next";
        var concurrency = 4;
        var lease = WorkerDefinition.DefaultLeaseTime;
        var retry = RetryPolicy.Default;
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
                case "lease":
                    lease = context.Duration(value, keyPath) ?? lease;
                    break;
                case "retry":
                    retry = ReadRetry(context, value, keyPath);
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
            StateMachineEvent = eventName,
            Concurrency = concurrency,
            LeaseTime = lease,
            Retry = retry,
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
        var mapping = context.Mapping(node, path, "write 'retry: { max_attempts: 5, base_delay: 2s, max_delay: 5m }'.");
        if (mapping is null)
        {
            return RetryPolicy.Default;
        }

        var policy = RetryPolicy.Default;
        YamlNode? maxDelayNode = null;
        foreach (var (key, keyPath, value) in context.Entries(mapping, path, RetryKeys))
        {
            switch (key)
            {
                case "max_attempts":
                    policy = policy with { MaxAttempts = context.Integer(value, keyPath, 1, 100) ?? policy.MaxAttempts };
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

        if (policy.MaxDelay < policy.BaseDelay)
        {
            context.Error(path + ".max_delay", maxDelayNode ?? node, $"max_delay ({policy.MaxDelay}) is shorter than base_delay ({policy.BaseDelay}).", "make max_delay at least as long as base_delay.");
        }

        return policy;
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
