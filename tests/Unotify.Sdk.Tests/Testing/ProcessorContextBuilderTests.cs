using Unotify.Sdk.Testing;

namespace Unotify.Sdk.Tests.Testing;

public sealed class ProcessorContextBuilderTests
{
    [Fact]
    public void Builds_a_first_attempt_of_worker_test_with_in_memory_stores_by_default()
    {
        var context = new ProcessorContextBuilder().Build();

        context.WorkerName.Should().Be("test");
        context.JobId.Should().Be("job-test");
        context.Attempt.Should().Be(1);
        context.Idempotency.Should().BeOfType<InMemoryIdempotencyStore>();
        context.Cache.Should().BeOfType<InMemorySharedCache>();
    }

    [Fact]
    public void Carries_the_worker_attempt_and_stores_it_was_given_and_builds_the_constructor_settings()
    {
        var store = new InMemoryIdempotencyStore();

        var builder = new ProcessorContextBuilder()
            .WithWorker("notify")
            .WithSettings(("webhook_url", "http://127.0.0.1:1/hook"), ("timeout", "5s"))
            .WithIdempotency(store)
            .WithAttempt(3);
        var context = builder.Build();
        var settings = builder.BuildSettings();

        context.WorkerName.Should().Be("notify");
        context.Idempotency.Should().BeSameAs(store);
        context.Attempt.Should().Be(3);
        settings.WorkerName.Should().Be("notify");
        settings.GetRequiredString("webhook_url").Should().Be("http://127.0.0.1:1/hook");
        settings.GetDuration("timeout", TimeSpan.Zero).Should().Be(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void No_state_machines_fire_next_and_handle_no_project()
    {
        var none = NoStateMachines.Instance;

        none.Event.Should().Be("next");
        none.Projects.Should().BeEmpty();
        none.Handles("SOC").Should().BeFalse();
        none.Next("SOC", "To Do", "next").Should().BeOfType<StateMachineStep.Unavailable>()
            .Which.Reason.Should().Contain("SOC");
    }
}
