using Unotify.Core.Configuration;

namespace Unotify.Core.Tests.Configuration;

public sealed class ConfigurationFingerprintTests : IDisposable
{
    private const string Workers = """
        plugins: [plugins/a.dll]
        workers:
          atlassian:
            processor: jira
            statefile: jira.hcl
            settings: { base_url: "https://example.atlassian.net", api_token: "${TOKEN}" }
          notify:
            processor: http
            settings: { url: "https://example.com/hook" }
        """;

    private readonly WorkersFileFixture _files = new();

    public ConfigurationFingerprintTests()
    {
        _files.WithFile("plugins/a.dll");
        _files.Environment["TOKEN"] = "first-token";
    }

    public void Dispose() => _files.Dispose();

    [Fact]
    public void Moving_a_worker_or_adding_a_comment_changes_no_fingerprint()
    {
        var before = Read(Workers);

        var after = Read("# reordered, with a comment\n" + """
            plugins: [plugins/a.dll]
            workers:
              notify:
                processor: http
                settings: { url: "https://example.com/hook" }
              atlassian:
                settings: { api_token: "${TOKEN}", base_url: "https://example.atlassian.net" }
                statefile: jira.hcl
                processor: jira
            """);

        Fingerprints(after).Should().Equal(Fingerprints(before));
        ConfigurationFingerprint.OfShared(after).Should().Be(ConfigurationFingerprint.OfShared(before));
    }

    [Fact]
    public void A_changed_setting_changes_only_its_workers_fingerprint_even_when_it_comes_from_the_environment()
    {
        var before = Fingerprints(Read(Workers));
        _files.Environment["TOKEN"] = "rotated-token";

        var after = Fingerprints(Read(Workers));

        after["atlassian"].Should().NotBe(before["atlassian"]);
        after["notify"].Should().Be(before["notify"]);
        after["atlassian"].Should().NotContain("rotated-token");
    }

    [Fact]
    public void An_edited_state_file_changes_the_fingerprint_of_the_worker_that_reads_it()
    {
        var before = Fingerprints(Read(Workers));
        File.AppendAllText(Path.Combine(_files.Root, "statemachines", "jira.hcl"), "# an edit\n");

        var after = Fingerprints(Read(Workers));

        after["atlassian"].Should().NotBe(before["atlassian"]);
        after["notify"].Should().Be(before["notify"]);
    }

    [Fact]
    public void A_changed_queue_setting_filter_or_followed_worker_changes_the_fingerprint()
    {
        var before = Fingerprints(Read(Workers));

        var concurrency = Fingerprints(Read(Workers.Replace("processor: http", "processor: http\n    concurrency: 9", StringComparison.Ordinal)));
        var filter = Fingerprints(Read(Workers.Replace("processor: http", "processor: http\n    on: { github: push }", StringComparison.Ordinal)));
        var partitions = Fingerprints(Read(Workers.Replace("processor: http", "processor: http\n    partitions: 4", StringComparison.Ordinal)));
        var onePartition = Fingerprints(Read(Workers.Replace("processor: http", "processor: http\n    partitions: 1", StringComparison.Ordinal)));
        var following = Fingerprints(Read(Workers.Replace("processor: http", "processor: http\n    after: atlassian", StringComparison.Ordinal)));

        concurrency["notify"].Should().NotBe(before["notify"]);
        filter["notify"].Should().NotBe(before["notify"]);
        filter["notify"].Should().NotBe(concurrency["notify"]);
        partitions["notify"].Should().NotBe(before["notify"], "a worker's partitions decide where its deliveries go");
        onePartition["notify"].Should().Be(before["notify"], "partitions: 1 is the default");
        following["notify"].Should().NotBe(before["notify"], "following another worker changes how the worker is queued");
    }

    [Fact]
    public void The_shared_fingerprint_follows_the_plugins_list()
    {
        var before = ConfigurationFingerprint.OfShared(Read(Workers));
        _files.WithFile("plugins/b.dll");

        var after = ConfigurationFingerprint.OfShared(Read(Workers.Replace("[plugins/a.dll]", "[plugins/a.dll, plugins/b.dll]", StringComparison.Ordinal)));

        after.Should().NotBe(before);
    }

    private WorkersFile Read(string yaml)
    {
        var result = _files.Read(yaml);
        result.Errors.Should().BeEmpty();
        return result.File!;
    }

    private static Dictionary<string, string> Fingerprints(WorkersFile file) =>
        file.Workers.ToDictionary(worker => worker.Name, ConfigurationFingerprint.Of, StringComparer.Ordinal);
}
