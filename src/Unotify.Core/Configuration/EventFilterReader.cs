using System.Text.RegularExpressions;
using Unotify.Core.Routing;
using YamlDotNet.RepresentationModel;

namespace Unotify.Core.Configuration;

/// <summary>
/// Reads a worker's <c>on:</c>: <c>push</c> (any provider), <c>{ github: pull_request.merged }</c>,
/// <c>{ github: [pull_request.merged, release.published] }</c>, or a list of such items.
/// </summary>
internal static partial class EventFilterReader
{
    private const string Fix = "write 'on: { github: pull_request.merged }', 'on: { github: [pull_request.merged, release.published] }' or 'on: push' (any provider); '*' matches any provider or kind.";

    public static (EventFilter Filter, IReadOnlyList<(string Provider, SourceLocation Location)> Providers) Read(YamlReadContext context, YamlNode node, string path)
    {
        var rules = new List<EventFilterRule>();
        var providers = new List<(string, SourceLocation)>();
        var items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        foreach (var item in items)
        {
            switch (item)
            {
                case YamlScalarNode { Value: { Length: > 0 } kind }:
                    AddRule(context, path, "*", kind, item, rules);
                    break;
                case YamlMappingNode mapping:
                    foreach (var (provider, providerPath, kinds) in context.Entries(mapping, path, knownKeys: null))
                    {
                        if (provider != "*" && !ProviderName().IsMatch(provider))
                        {
                            context.Error(providerPath, mapping, $"'{provider}' is not a provider name.", "write a provider's lower-case name (for example github) or '*'.");
                            continue;
                        }

                        if (provider != "*")
                        {
                            providers.Add((provider, context.At(providerPath, kinds)));
                        }

                        foreach (var (kind, kindNode) in context.ScalarOrList(kinds, providerPath, Fix))
                        {
                            AddRule(context, providerPath, provider, kind, kindNode, rules);
                        }
                    }

                    break;
                default:
                    context.Error(path, item, "this is not an event filter.", Fix);
                    break;
            }
        }

        if (rules.Count == 0 && context.Errors.Count == 0)
        {
            context.Error(path, node, "on: names no events, so the worker would never get a job.", Fix);
        }

        return (new EventFilter(rules), providers);
    }

    private static void AddRule(YamlReadContext context, string path, string provider, string kind, YamlNode kindNode, List<EventFilterRule> rules)
    {
        if (kind != "*" && !KindPattern().IsMatch(kind))
        {
            var hint = kind.EndsWith(".*", StringComparison.Ordinal)
                ? $"write '{kind[..^2]}' to take every action of that event."
                : "write an event kind such as pull_request.merged, release.published, push, or pull_request for every action.";
            context.Error(path, kindNode, $"'{kind}' is not an event kind.", hint);
            return;
        }

        rules.Add(new EventFilterRule(provider, kind));
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex ProviderName();

    [GeneratedRegex("^[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)?$")]
    private static partial Regex KindPattern();
}
