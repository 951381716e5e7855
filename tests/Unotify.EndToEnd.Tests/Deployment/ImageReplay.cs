using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>
/// The Dockerfile carried out without Docker (no images can be pulled here): the build stage's COPY instructions fill an
/// empty folder from the build context as .dockerignore leaves it, its RUN commands (all `dotnet`) run there, and the
/// runtime stage's COPY instructions put the result and the context's files where the image has them. Container paths
/// map to a folder per stage. Done once for the tests of the collection <see cref="ReplayedImageCollection"/>: it builds
/// everything; the folders are deleted after them.
/// </summary>
public sealed class ImageReplay : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "unotify-image-" + Guid.NewGuid().ToString("N"));

    public DockerfileModel Dockerfile { get; } = DockerfileModel.Read();

    /// <summary>The image's file system: what the runtime stage copied (not the base image's own files).</summary>
    public string ImageRoot => Path.Combine(_root, "image");

    /// <summary>What the RUN commands printed.</summary>
    public string Log { get; private set; } = "";

    /// <summary>Where a path of the image lies here (<c>/app/unotify.dll</c> → <c>{ImageRoot}/app/unotify.dll</c>).</summary>
    public string InImage(string containerPath) => Under(ImageRoot, containerPath);

    private static string Under(string root, string containerPath) =>
        containerPath.StartsWith('/') ? Path.Combine(root, containerPath.TrimStart('/')) : throw new ArgumentException($"{containerPath} is not absolute.", nameof(containerPath));

    /// <summary>Carries the Dockerfile out.</summary>
    public async Task InitializeAsync()
    {
        var dockerfile = Dockerfile;
        var imageRoot = ImageRoot;
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        var log = new System.Text.StringBuilder();
        foreach (var stage in dockerfile.Stages)
        {
            var stageRoot = stage == dockerfile.Runtime ? imageRoot : Path.Combine(_root, stage.Name ?? throw new InvalidOperationException($"The stage FROM {stage.Image} needs a name."));
            roots[stage.Name ?? "runtime"] = stageRoot;
            var workdir = "/";
            foreach (var instruction in stage.Instructions)
            {
                switch (instruction.Keyword)
                {
                    case "WORKDIR":
                        workdir = instruction.Text;
                        Directory.CreateDirectory(Under(stageRoot, workdir));
                        break;
                    case "COPY":
                        var words = instruction.Words;
                        var target = words[^1].StartsWith('/') ? words[^1] : workdir.TrimEnd('/') + "/" + words[^1];
                        var fromRoot = instruction.Flags.TryGetValue("from", out var from) ? roots[from] : null;
                        foreach (var source in words.Take(words.Count - 1))
                        {
                            Copy(dockerfile, fromRoot, source, Under(stageRoot, target), target.EndsWith('/') || words.Count > 2);
                        }

                        break;
                    case "RUN" when stage != dockerfile.Runtime:
                        var arguments = instruction.Words.ToList();
                        arguments[0].Should().Be("dotnet", "the build stage's RUN commands are `dotnet …` (the replay runs no shell)");
                        var (exitCode, output) = await Dotnet.RunAsync(
                            [.. arguments.Skip(1).Select(argument => argument.StartsWith('/') ? Under(stageRoot, argument) : argument)], Under(stageRoot, workdir));
                        log.AppendLine(output);
                        exitCode.Should().Be(0, $"RUN {instruction.Text} succeeds:\n{output}");
                        break;
                }
            }
        }

        // Only the image is used from here on; the build stage's tree (with its obj/ folders) is large.
        foreach (var stageRoot in roots.Values.Where(stageRoot => stageRoot != imageRoot))
        {
            Directory.Delete(stageRoot, recursive: true);
        }

        Log = log.ToString();
    }

    /// <summary>Deletes the image's folder (kept with UNOTIFY_E2E_KEEP=1).</summary>
    public Task DisposeAsync()
    {
        if (System.Environment.GetEnvironmentVariable("UNOTIFY_E2E_KEEP") != "1" && Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>COPY: a file, or a folder's contents, from the build context (minus .dockerignore) or from another stage.</summary>
    private static void Copy(DockerfileModel dockerfile, string? fromRoot, string source, string target, bool intoFolder)
    {
        var sourcePath = fromRoot is null ? Path.Combine(RepositoryLayout.Root, source) : Under(fromRoot, source);
        if (fromRoot is null)
        {
            dockerfile.IsIgnored(source).Should().BeFalse($"COPY {source}: .dockerignore must not leave it out of the build context");
        }

        if (File.Exists(sourcePath))
        {
            var file = intoFolder ? Path.Combine(target, Path.GetFileName(sourcePath)) : target;
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.Copy(sourcePath, file, overwrite: true);
            return;
        }

        Directory.Exists(sourcePath).Should().BeTrue($"COPY {source}: {sourcePath} exists");
        foreach (var file in Directory.EnumerateFiles(sourcePath, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sourcePath, file);
            if (fromRoot is null && dockerfile.IsIgnored(Path.GetRelativePath(RepositoryLayout.Root, file)))
            {
                continue;
            }

            var copy = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy, overwrite: true);
        }
    }
}

/// <summary>The tests that use the image the Dockerfile makes: it is made once for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class ReplayedImageCollection : ICollectionFixture<ImageReplay>
{
    public const string Name = "Replayed image";
}
