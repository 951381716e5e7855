using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Unotify.Sdk;
using YamlDotNet.RepresentationModel;

namespace Unotify.Core.Configuration;

/// <summary>
/// Flattens a worker's <c>settings:</c> into <see cref="ProcessorSettings"/> (nested keys joined with <c>:</c>, list
/// items numbered) and resolves <c>${NAME}</c> from the environment.
/// </summary>
internal static partial class SettingsReader
{
    /// <summary>Reads the settings and where each flattened key was written (the position of its key in the file).</summary>
    public static (ProcessorSettings Settings, IReadOnlyDictionary<string, SourceLocation> Locations) Read(
        YamlReadContext context, string workerName, YamlNode node, string path, Func<string, string?> environment)
    {
        var values = new List<KeyValuePair<string, string>>();
        var locations = new Dictionary<string, SourceLocation>(StringComparer.OrdinalIgnoreCase);
        var mapping = context.Mapping(node, path, "write the processor's settings as keys under settings:, for example 'settings: { base_url: https://example.atlassian.net }'.");
        if (mapping is not null)
        {
            Flatten(context, mapping, string.Empty, path, context.At(path, node), environment, values, locations);
        }

        return (new ProcessorSettings(workerName, values), locations);
    }

    private static void Flatten(
        YamlReadContext context, YamlNode node, string key, string path, SourceLocation keyLocation, Func<string, string?> environment,
        List<KeyValuePair<string, string>> values, Dictionary<string, SourceLocation> locations)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (keyNode, _) in mapping.Children)
                {
                    if (keyNode is YamlScalarNode { Value: { Length: > 0 } name })
                    {
                        locations.TryAdd(key.Length == 0 ? name : key + ":" + name, context.At(path + "." + name, keyNode));
                    }
                }

                foreach (var (childKey, childPath, value) in context.Entries(mapping, path, knownKeys: null))
                {
                    var flattened = key.Length == 0 ? childKey : key + ":" + childKey;
                    Flatten(context, value, flattened, childPath, locations[flattened], environment, values, locations);
                }

                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    var index = i.ToString(CultureInfo.InvariantCulture);
                    locations.TryAdd(key + ":" + index, keyLocation);
                    Flatten(context, sequence.Children[i], key + ":" + index, path + "[" + index + "]", keyLocation, environment, values, locations);
                }

                break;
            case YamlScalarNode scalar:
                if (Expand(context, scalar, path, environment) is { } expanded)
                {
                    values.Add(new(key, expanded));
                }

                break;
        }
    }

    private static string? Expand(YamlReadContext context, YamlScalarNode scalar, string path, Func<string, string?> environment)
    {
        var text = scalar.Value ?? string.Empty;
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        if (Reference().Replace(text, string.Empty).Contains("${", StringComparison.Ordinal))
        {
            context.Error(path, scalar, "a '${' is not closed.", "write ${NAME} with the closing brace.");
            return null;
        }

        var result = new StringBuilder(text.Length);
        var position = 0;
        var ok = true;
        foreach (Match match in Reference().Matches(text))
        {
            result.Append(text, position, match.Index - position);
            position = match.Index + match.Length;
            var name = match.Groups[1].Value;
            if (!EnvironmentName().IsMatch(name))
            {
                context.Error(path, scalar, $"'${{{name}}}' is not a valid environment variable reference.", "write ${NAME} with a name of letters, digits and '_' not starting with a digit.");
                ok = false;
                continue;
            }

            var value = environment(name);
            if (value is null)
            {
                context.Error(path, scalar, $"the environment variable {name} is not set.", $"set {name} in the service's environment, or write the value itself.");
                ok = false;
                continue;
            }

            result.Append(value);
        }

        result.Append(text, position, text.Length - position);
        return ok ? result.ToString() : null;
    }

    [GeneratedRegex("\\$\\{([^}]*)\\}")]
    private static partial Regex Reference();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex EnvironmentName();
}
