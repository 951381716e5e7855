using System.Text.Json;
using System.Text.RegularExpressions;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>One instruction of a Dockerfile: its keyword, its <c>--flag=value</c>s and the rest of its line.</summary>
/// <param name="Keyword">FROM, COPY, RUN … in upper case.</param>
/// <param name="Flags">The leading <c>--name=value</c> flags (<c>--from=build</c>, <c>--interval=30s</c>).</param>
/// <param name="Text">The rest of the instruction, continuation lines joined.</param>
public sealed record DockerInstruction(string Keyword, IReadOnlyDictionary<string, string> Flags, string Text)
{
    /// <summary>The words of <see cref="Text"/> (COPY's sources and destination, EXPOSE's ports).</summary>
    public IReadOnlyList<string> Words => Text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The exec form's JSON array (<c>["dotnet", "/app/unotify.dll"]</c>), after a leading word such as HEALTHCHECK's CMD.</summary>
    public IReadOnlyList<string> ExecForm
    {
        get
        {
            var json = Text[Text.IndexOf('[', StringComparison.Ordinal)..];
            return JsonSerializer.Deserialize<List<string>>(json) ?? throw new InvalidOperationException($"{Keyword} {Text} is not in exec form.");
        }
    }
}

/// <summary>One stage: its base image, its name (<c>AS build</c>) and its instructions.</summary>
public sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) => Instructions.Where(instruction => instruction.Keyword == keyword);

    public DockerInstruction Single(string keyword) => All(keyword).Should().ContainSingle($"the stage FROM {Image} has one {keyword}").Subject;

    /// <summary>The variables ENV sets, in order (the <c>NAME=value</c> form; a value may be empty).</summary>
    public IReadOnlyDictionary<string, string> Environment =>
        All("ENV").SelectMany(instruction => instruction.Words).Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : throw new InvalidOperationException($"ENV {pair[0]} is not NAME=value."), StringComparer.Ordinal);
}

/// <summary>The repository's Dockerfile, read as Docker reads it (comments dropped, continuation lines joined), and its .dockerignore.</summary>
public sealed partial class DockerfileModel
{
    private readonly List<Regex> _ignored;

    private DockerfileModel(IReadOnlyList<DockerStage> stages, List<Regex> ignored)
    {
        Stages = stages;
        _ignored = ignored;
    }

    public static string Path => System.IO.Path.Combine(RepositoryLayout.Root, "Dockerfile");

    public IReadOnlyList<DockerStage> Stages { get; }

    /// <summary>The stage the image is made of: the last.</summary>
    public DockerStage Runtime => Stages[^1];

    public DockerStage Stage(string name) => Stages.Should().ContainSingle(stage => stage.Name == name, $"the Dockerfile has a stage named {name}").Subject;

    /// <summary>The port the image listens on: its one EXPOSE.</summary>
    public int ExposedPort => int.Parse(Runtime.Single("EXPOSE").Words.Should().ContainSingle().Subject, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The user the image runs as (USER), a number so that Kubernetes' runAsNonRoot can check it.</summary>
    public int User => int.Parse(Runtime.Single("USER").Text.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);

    public static DockerfileModel Read()
    {
        var stages = new List<DockerStage>();
        string? image = null;
        string? name = null;
        var instructions = new List<DockerInstruction>();
        foreach (var line in LogicalLines(File.ReadAllLines(Path)))
        {
            var keyword = line.Split(' ', 2)[0].ToUpperInvariant();
            var rest = line.Length > keyword.Length ? line[(keyword.Length + 1)..].Trim() : "";
            var flags = new Dictionary<string, string>(StringComparer.Ordinal);
            while (FlagPattern().Match(rest) is { Success: true } flag)
            {
                flags[flag.Groups["name"].Value] = flag.Groups["value"].Value;
                rest = rest[flag.Length..].TrimStart();
            }

            if (keyword == "FROM")
            {
                if (image is not null)
                {
                    stages.Add(new DockerStage(image, name, instructions));
                }

                var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                image = words[0];
                name = words.Length == 3 && words[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[2] : null;
                instructions = [];
            }
            else
            {
                instructions.Add(new DockerInstruction(keyword, flags, rest));
            }
        }

        stages.Add(new DockerStage(image ?? throw new InvalidOperationException("The Dockerfile has no FROM."), name, instructions));
        var ignorePath = System.IO.Path.Combine(RepositoryLayout.Root, ".dockerignore");
        var ignored = File.ReadAllLines(ignorePath)
            .Select(pattern => pattern.Trim())
            .Where(pattern => pattern.Length > 0 && !pattern.StartsWith('#'))
            .Should().NotContain(pattern => pattern.StartsWith('!'), "the .dockerignore reader here knows no exceptions").And.Subject
            .Select(IgnorePattern)
            .ToList();
        return new DockerfileModel(stages, ignored);
    }

    /// <summary>Whether the build context leaves <paramref name="relativePath"/> (or a folder above it) out.</summary>
    public bool IsIgnored(string relativePath)
    {
        var parts = relativePath.Replace('\\', '/').Trim('/').Split('/');
        for (var count = 1; count <= parts.Length; count++)
        {
            var candidate = string.Join('/', parts.Take(count));
            if (_ignored.Any(pattern => pattern.IsMatch(candidate)))
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<string> LogicalLines(IEnumerable<string> lines)
    {
        var current = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1].TrimEnd() + " ";
                continue;
            }

            current += line;
            if (current.Trim().Length > 0)
            {
                yield return current.Trim();
            }

            current = "";
        }
    }

    /// <summary>A .dockerignore line as Go's filepath.Match with <c>**</c> reads it, anchored at the context's root.</summary>
    private static Regex IgnorePattern(string pattern)
    {
        var text = Regex.Escape(pattern.Trim('/'))
            .Replace(@"\*\*/", "(.*/)?", StringComparison.Ordinal)
            .Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal)
            .Replace(@"\?", "[^/]", StringComparison.Ordinal);
        return new Regex("^" + text + "$", RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"^--(?<name>[a-z-]+)=(?<value>\S*)")]
    private static partial Regex FlagPattern();
}
