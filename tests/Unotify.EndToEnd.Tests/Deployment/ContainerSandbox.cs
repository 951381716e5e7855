using System.Globalization;
using Unotify.EndToEnd.Tests.Support;
using Unotify.Testing.Hosting;

namespace Unotify.EndToEnd.Tests.Deployment;

/// <summary>
/// The image's file system as a container would see it, without Docker: a copy of the replayed image's /app with no
/// write bits, the data volume (the image's user's, or nobody's), a HOME nobody may write and a scratch folder for
/// TMPDIR, all under one folder. Hosts start with the image's ENV (paths moved into the folder), its ENTRYPOINT and
/// its WORKDIR, as the image's USER (setpriv: the tests run as root).
/// </summary>
public sealed class ContainerSandbox
{
    private readonly ImageReplay _image;
    private readonly string _root;
    private readonly Dictionary<string, (long Length, DateTime Written)> _appBefore;

    private ContainerSandbox(ImageReplay image, string root)
    {
        _image = image;
        _root = root;
        _appBefore = Snapshot(InContainer("/app"));
    }

    /// <summary>The data volume (UNOTIFY_DATA) as it lies here.</summary>
    public string DataDirectory => InContainer(_image.Dockerfile.Runtime.Environment["UNOTIFY_DATA"]);

    public string Home => Path.Combine(_root, "home");

    public string Scratch => Path.Combine(_root, "tmp");

    public int User => _image.Dockerfile.User;

    /// <summary>Lays the image out under <paramref name="directory"/>.</summary>
    /// <param name="image">The replayed image.</param>
    /// <param name="directory">A folder of the test's own.</param>
    /// <param name="writableData">Whether the data volume belongs to the image's user (embedded store) or to root (external Redis: nothing may be written).</param>
    public static async Task<ContainerSandbox> CreateAsync(ImageReplay image, string directory, bool writableData)
    {
        var root = Path.Combine(directory, "container");
        CopyTree(Path.Combine(image.ImageRoot, "app"), Path.Combine(root, "app"));
        (await ExternalCommand.RunAsync("chmod", "-R", "a-w", Path.Combine(root, "app"))).ExitCode.Should().Be(0);
        var sandbox = new ContainerSandbox(image, root);
        Directory.CreateDirectory(sandbox.DataDirectory);
        Directory.CreateDirectory(sandbox.Home);
        Directory.CreateDirectory(sandbox.Scratch);
        var owner = string.Create(CultureInfo.InvariantCulture, $"{image.Dockerfile.User}:{image.Dockerfile.User}");
        const string AsRoot = "the test runs as root, to hand folders to the image's user and run the host as it";
        (await ExternalCommand.RunAsync("chown", owner, sandbox.Scratch)).ExitCode.Should().Be(0, AsRoot);
        if (writableData)
        {
            (await ExternalCommand.RunAsync("chown", owner, sandbox.DataDirectory)).ExitCode.Should().Be(0, AsRoot);
        }

        return sandbox;
    }

    /// <summary>Where a path of the container lies here.</summary>
    public string InContainer(string containerPath) => Path.Combine(_root, containerPath.TrimStart('/'));

    /// <summary>
    /// Starts the image's ENTRYPOINT with <paramref name="role"/> (its CMD by default) as the image's user, with the
    /// rig's variables (the fake Jira, the admin token, …) under the image's ENV.
    /// </summary>
    public Task<HostProcess> StartAsync(IReadOnlyDictionary<string, string> rigEnvironment, string logFile, string? role = null)
    {
        var runtime = _image.Dockerfile.Runtime;
        var environment = rigEnvironment.Where(pair => pair.Key is not ("UNOTIFY_DATA" or "UNOTIFY_WORKERS")).ToDictionary(StringComparer.Ordinal);
        foreach (var (name, value) in runtime.Environment)
        {
            environment[name] = value.StartsWith('/') ? InContainer(value) : value;
        }

        environment["HOME"] = Home;
        environment["TMPDIR"] = Scratch;
        var entrypoint = runtime.Single("ENTRYPOINT").ExecForm;
        var uid = User.ToString(CultureInfo.InvariantCulture);
        return HostProcess.StartAsync(
            InContainer(entrypoint[1]), role ?? runtime.Single("CMD").ExecForm[0], environment, InContainer(runtime.Single("WORKDIR").Text), logFile,
            ["setpriv", $"--reuid={uid}", $"--regid={uid}", "--clear-groups"]);
    }

    /// <summary>Runs the image's HEALTHCHECK command against <paramref name="port"/> (instead of the image's port) and returns its exit code.</summary>
    public async Task<int> HealthCheckAsync(int port)
    {
        var command = _image.Dockerfile.Runtime.Single("HEALTHCHECK").ExecForm
            .Select(word => word.Replace($"/{_image.Dockerfile.ExposedPort}", $"/{port}", StringComparison.Ordinal))
            .ToList();
        var (exitCode, _) = await ExternalCommand.RunAsync(command[0], [.. command.Skip(1)]);
        return exitCode;
    }

    /// <summary>Fails unless /app is as it was, HOME is empty and the image's user owns no file outside the sandbox in the shared scratch places.</summary>
    public async Task ShouldHaveWrittenNothingOutsideDataAndScratchAsync()
    {
        Snapshot(InContainer("/app")).Should().BeEquivalentTo(_appBefore, "nothing in /app changes");
        Directory.EnumerateFileSystemEntries(Home).Should().BeEmpty("nothing is written to HOME");
        // Only what find prints counts: other tests create and delete their folders under /tmp meanwhile, and find
        // complains on standard error about a folder gone between listing and opening it.
        var find = new System.Diagnostics.ProcessStartInfo("find") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "/tmp", "/var/tmp", "/dev/shm", "-xdev", "-ignore_readdir_race", "-path", "*/unotify-e2e-*/container", "-prune", "-o", "-uid", User.ToString(CultureInfo.InvariantCulture), "-print" })
        {
            find.ArgumentList.Add(argument);
        }

        var (_, owned, _, _) = await ExternalCommand.WaitAsync(find, TimeSpan.FromSeconds(30));
        owned.Trim().Should().BeEmpty("the image's user leaves nothing in the machine's shared scratch places");
    }

    /// <summary>The files and folders under the data volume and the scratch folder, for failure messages.</summary>
    public string Written() =>
        string.Join('\n', new[] { DataDirectory, Scratch }.SelectMany(folder => Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories)));

    private static Dictionary<string, (long Length, DateTime Written)> Snapshot(string folder) =>
        new DirectoryInfo(folder).EnumerateFileSystemInfos("*", SearchOption.AllDirectories)
            .ToDictionary(entry => Path.GetRelativePath(folder, entry.FullName), entry => (entry is FileInfo file ? file.Length : -1, entry.LastWriteTimeUtc));

    private static void CopyTree(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }
}
