using System.Globalization;
using Unotify.Sdk;
using YamlDotNet.RepresentationModel;

namespace Unotify.Core.Configuration;

/// <summary>The state of reading one YAML configuration file: its path, the errors found so far and small typed readers.</summary>
internal sealed class YamlReadContext(string file)
{
    private readonly List<ConfigurationError> _errors = [];

    public string File { get; } = file;

    public IReadOnlyList<ConfigurationError> Errors => _errors;

    public SourceLocation At(string key, YamlNode node) =>
        new(File, key, checked((int)node.Start.Line), checked((int)node.Start.Column));

    public void Add(ConfigurationError error) => _errors.Add(error);

    public void Error(string key, YamlNode node, string problem, string fix) => _errors.Add(At(key, node).Error(problem, fix));

    /// <summary>The entries of a mapping whose keys are plain strings; reports unknown keys against <paramref name="knownKeys"/>.</summary>
    public IEnumerable<(string Key, string Path, YamlNode Value)> Entries(YamlMappingNode mapping, string parentPath, IReadOnlyCollection<string>? knownKeys)
    {
        foreach (var (keyNode, value) in mapping.Children)
        {
            if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
            {
                Error(parentPath, keyNode, "a key is not a plain name.", "write each key as a plain word followed by a colon.");
                continue;
            }

            var path = parentPath.Length == 0 ? key : parentPath + "." + key;
            if (knownKeys is not null && !knownKeys.Contains(key))
            {
                Error(path, keyNode, $"'{key}' is not a known key.", $"use one of: {string.Join(", ", knownKeys)}{Suggestion.DidYouMean(key, knownKeys)}.");
                continue;
            }

            yield return (key, path, value);
        }
    }

    public YamlMappingNode? Mapping(YamlNode node, string path, string fix)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        Error(path, node, $"expected a mapping of keys to values, found {Describe(node)}.", fix);
        return null;
    }

    public string? Scalar(YamlNode node, string path, string fix)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        Error(path, node, $"expected a single value, found {Describe(node)}.", fix);
        return null;
    }

    /// <summary>A scalar, or each item of a sequence of scalars.</summary>
    public IReadOnlyList<(string Value, YamlNode Node)> ScalarOrList(YamlNode node, string path, string fix)
    {
        if (node is YamlSequenceNode sequence)
        {
            var items = new List<(string, YamlNode)>();
            foreach (var item in sequence.Children)
            {
                if (Scalar(item, path, fix) is { } value)
                {
                    items.Add((value, item));
                }
            }

            return items;
        }

        return Scalar(node, path, fix) is { } single ? [(single, node)] : [];
    }

    public int? Integer(YamlNode node, string path, int min, int max)
    {
        var fix = $"write a whole number from {min} to {max}.";
        var text = Scalar(node, path, fix);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        Error(path, node, $"'{text}' is not a whole number from {min} to {max}.", fix);
        return null;
    }

    public TimeSpan? Duration(YamlNode node, string path)
    {
        const string fix = "write a positive duration such as 500ms, 30s, 5m or 1h.";
        var text = Scalar(node, path, fix);
        if (text is null)
        {
            return null;
        }

        if (DurationText.TryParse(text, out var value) && value > TimeSpan.Zero)
        {
            return value;
        }

        Error(path, node, $"'{text}' is not a positive duration.", fix);
        return null;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode { Value.Length: > 0 } scalar => $"'{scalar.Value}'",
        _ => "nothing",
    };
}
