using Unotify.Testing.FakeJira;

namespace Unotify.Plugins.Jira.Tests;

/// <summary>Tests of the processor against a fake Jira started for each test.</summary>
public abstract class JiraProcessorTests : IAsyncLifetime
{
    private JiraTestBed? _bed;

    /// <summary>The processor's surroundings: the fake Jira, the stores, the log.</summary>
    internal JiraTestBed Bed => _bed ?? throw new InvalidOperationException("the test bed starts in InitializeAsync");

    /// <summary>The fake Jira.</summary>
    internal FakeJiraServer Jira => Bed.Jira;

    /// <summary>The fake Jira's workflow; <see cref="FakeJiraWorkflow.Default"/> unless a test class says otherwise.</summary>
    protected virtual FakeJiraWorkflow Workflow => FakeJiraWorkflow.Default();

    public async Task InitializeAsync() => _bed = await JiraTestBed.StartAsync(Workflow);

    public async Task DisposeAsync()
    {
        if (_bed is not null)
        {
            await _bed.DisposeAsync();
        }
    }
}
