using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Unotify.EndToEnd.Tests.Support;

namespace Unotify.EndToEnd.Tests.Chaos;

/// <summary>
/// A corpus of broken configurations, each started with the real binary: every one stops start-up with exit code 2 and
/// an error that names the file, line and column and the fix, never a stack trace, and says so at once, while the store
/// it would connect to is not there.
/// </summary>
public sealed partial class BrokenConfigurationTests
{
    private const string Seed = "workers:\n  atlassian:\n    statefile: jira.hcl\n    projects: [devhop, soc]\n";

    public static TheoryData<string> Cases() => [.. Corpus.Keys];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_broken_configuration_stops_start_up_with_exit_code_2_and_where_and_how_to_fix_it(string name)
    {
        var (files, expected, located) = Corpus[name];
        var directory = Path.Combine(Path.GetTempPath(), "unotify-config-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(directory, "statemachines"));
        try
        {
            File.Copy(Path.Combine(RepositoryLayout.StateMachinesDirectory, "jira.hcl"), Path.Combine(directory, "statemachines", "jira.hcl"));
            var environment = new Dictionary<string, string>
            {
                // Nothing listens there, and the store would wait a minute for it: the configuration's error must not.
                ["UNOTIFY_REDIS"] = "127.0.0.1:1",
                ["UNOTIFY_STORE_TIMEOUT"] = "60s",
                ["UNOTIFY_SECRET_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["UNOTIFY_WORKERS"] = Path.Combine(directory, "workers.yaml"),
                ["ATLASSIAN_DOMAIN_URL"] = "https://acme.atlassian.net",
                ["ATLASSIAN_EMAIL"] = "a@acme.test",
                ["ATLASSIAN_API_KEY"] = "t",
                ["DOTNET_ENVIRONMENT"] = "Production",
            };
            File.WriteAllText(Path.Combine(directory, "workers.yaml"), Seed);
            foreach (var (file, text) in files)
            {
                if (file.StartsWith("env:", StringComparison.Ordinal))
                {
                    environment[file[4..]] = text;
                }
                else
                {
                    File.WriteAllText(Path.Combine(directory, file), text);
                }
            }

            var (exitCode, output, error, took) = await UnotifyCommand.RunAsync(["all", "--urls", "http://127.0.0.1:0"], environment, directory, TimeSpan.FromSeconds(120));

            var all = output + error;
            exitCode.Should().Be(2, all);
            error.Should().Contain(expected);
            all.Should().NotMatchRegex(@"(?m)^\s+at \S+\(", "no stack trace");
            if (located)
            {
                FileLineColumn().IsMatch(error).Should().BeTrue($"the error names file:line:column: {error}");
            }

            took.Should().BeLessThan(TimeSpan.FromSeconds(30), "start-up stops at the configuration's error, without waiting out the store's connect timeout");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static readonly Dictionary<string, ((string File, string Text)[] Files, string Expected, bool Located)> Corpus = new()
    {
        ["an unterminated flow list"] = ([("workers.yaml", "workers:\n  atlassian:\n    statefile: jira.hcl\n    projects: [soc\n")], "not valid YAML", true),
        ["a list nested 100,000 deep"] = ([("workers.yaml", "workers:\n  atlassian:\n    projects: " + new string('[', 100_000) + "soc\n")], "nests more than 64 levels deep", true),
        ["a tab for indentation"] = ([("workers.yaml", "workers:\n\tatlassian: {}\n")], "not valid YAML", true),
        ["an empty file"] = ([("workers.yaml", "")], "the workers file is empty", false),
        ["an unknown processor"] = ([("workers.yaml", "workers:\n  notify:\n    processor: nosuch\n")], "needs the processor 'nosuch', which no loaded plugin provides", true),
        ["an unknown Jira setting"] = ([("workers.yaml", Seed + "    settings:\n      base_url: https://acme.atlassian.net\n      email: a@acme.test\n      api_token: t\n      timout: 5s\n")], "did you mean 'timeout'?", true),
        ["a misspelt Jira setting"] = ([("workers.yaml", Seed + "    settings:\n      base_uri: https://acme.atlassian.net\n      email: a@acme.test\n      api_token: t\n")], "did you mean 'base_url'?", true),
        ["a misspelt worker key"] = ([("workers.yaml", Seed + "    concurency: 4\n")], "did you mean 'concurrency'?", true),
        ["a bad duration"] = ([("workers.yaml", Seed + "    lease: fast\n")], "is not a positive duration", true),
        ["a missing state file"] = ([("workers.yaml", "workers:\n  atlassian:\n    statefile: nope.hcl\n    projects: [soc]\n")], "the state file 'nope.hcl' does not exist", true),
        ["an HCL syntax error"] = ([("statemachines/jira.hcl", "provisioner \"soc\" {\n  aliasmapper \"soc\" {\n    aliases = { to_do: \"To Do\"\n")], "jira.hcl:", true),
        ["an unset environment variable"] = ([("workers.yaml", Seed + "    settings:\n      base_url: ${NOT_SET_ANYWHERE}\n      email: a@acme.test\n      api_token: t\n")], "the environment variable NOT_SET_ANYWHERE is not set", true),
        ["a missing plugin assembly"] = ([("workers.yaml", "plugins: [nope/Nope.dll]\n" + Seed)], "the plugin assembly 'nope/Nope.dll' does not exist", true),
        ["a syntax error in appsettings.json"] = ([("appsettings.json", "{\"Unotify\": {\"Redis\": ")], "the file is not valid JSON", true),
        ["a body memory budget too small"] = ([("env:UNOTIFY_BODY_MEMORY", "10")], "UNOTIFY_BODY_MEMORY is '10'", false),
    };

    [GeneratedRegex(@"[\w./-]+\.(yaml|hcl|json):\d+:\d+")]
    private static partial Regex FileLineColumn();
}
