using Microsoft.Extensions.Logging;
using Unotify.Sdk;
using Unotify.Sdk.Testing;
using Unotify.Testing.Logging;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>
/// A first run (`dotnet run` with the seed's workers.yaml and no Jira variables yet) must start; the worker's jobs then
/// fail into the dead letters with the fix, to be replayed once Jira is configured.
/// </summary>
public sealed class UnconfiguredJiraTests
{
    private static readonly HttpClient Http = new();

    private static JiraEventProcessor Unconfigured(RecordingLogger<JiraEventProcessor> log) =>
        new(log, Http, ProcessorSettings.Empty("atlassian"), new LinearStateMachines(["SOC", "DEVHOP"]), TimeProvider.System, IRequestLimiter.Unlimited, _ => null);

    [Fact]
    public void Starts_with_a_warning_that_says_how_to_configure_Jira_when_nothing_names_a_Jira_site()
    {
        var log = new RecordingLogger<JiraEventProcessor>();

        _ = Unconfigured(log);

        log.Entries.Should().ContainSingle(e => e.Level == LogLevel.Warning).Which.Message
            .Should().Contain("Jira is not configured").And.Contain("ATLASSIAN_DOMAIN_URL").And.Contain("unotify dead replay-all atlassian");
    }

    [Fact]
    public async Task Fails_a_job_that_names_tickets_with_the_keys_and_the_fix_so_it_can_be_replayed_later()
    {
        var processor = Unconfigured(new RecordingLogger<JiraEventProcessor>());
        var context = Context();

        var result = await processor.ProcessAsync(JiraTestBed.MergedPullRequest("SOC-1 and DEVHOP-2"), context, CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.FailResult>().Which.Reason.Should()
            .StartWith("Jira is not configured, so SOC-1, DEVHOP-2 did not move.")
            .And.Contain("ATLASSIAN_API_KEY")
            .And.Contain("unotify dead replay-all atlassian");
    }

    [Fact]
    public async Task Finishes_a_job_that_names_no_tickets_of_its_projects()
    {
        var processor = Unconfigured(new RecordingLogger<JiraEventProcessor>());

        var result = await processor.ProcessAsync(JiraTestBed.MergedPullRequest("NOPE-3 elsewhere"), Context(), CancellationToken.None);

        result.Should().BeOfType<ProcessingResult.DoneResult>();
    }

    [Fact]
    public void Still_refuses_to_start_when_Jira_is_half_configured()
    {
        var create = () => new JiraEventProcessor(
            new RecordingLogger<JiraEventProcessor>(), Http, ProcessorSettings.Empty("atlassian"), new LinearStateMachines(["SOC"]), TimeProvider.System, IRequestLimiter.Unlimited,
            name => name == "ATLASSIAN_DOMAIN_URL" ? "acme.atlassian.net" : null);

        create.Should().Throw<ProcessorSettingsException>().WithMessage("*ATLASSIAN_EMAIL*");
    }

    private static ProcessorContext Context() =>
        new ProcessorContextBuilder().WithWorker("atlassian").WithLogger(new RecordingLogger<JiraEventProcessor>()).Build();
}
