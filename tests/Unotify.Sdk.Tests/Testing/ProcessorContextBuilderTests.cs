using Unotify.Sdk.Testing;

namespace Unotify.Sdk.Tests.Testing;

public sealed class ProcessorContextBuilderTests
{
    [Fact]
    public void Builds_a_first_attempt_with_no_settings_and_no_state_machines_by_default()
    {
        var context = new ProcessorContextBuilder().Build();

        context.WorkerName.Should().Be("test");
        context.Attempt.Should().Be(1);
        context.MaxAttempts.Should().Be(5);
        context.Settings.Values.Should().BeEmpty();
        context.StateMachines.Projects.Should().BeEmpty();
        context.StateMachines.Next("SOC", "To Do", "next").Should().BeOfType<StateMachineStep.Unavailable>()
            .Which.Reason.Should().Contain("'SOC'");
        context.StateMachineEvent.Should().Be("next");
    }

    [Fact]
    public void Carries_the_worker_settings_and_stores_it_was_given()
    {
        var store = new InMemoryIdempotencyStore();

        var builder = new ProcessorContextBuilder()
            .WithWorker("notify")
            .WithSettings(("webhook_url", "http://127.0.0.1:1/hook"), ("timeout", "5s"))
            .WithIdempotency(store)
            .WithAttempt(3, 4);
        var context = builder.Build();

        context.WorkerName.Should().Be("notify");
        context.Settings.GetRequiredString("webhook_url").Should().Be("http://127.0.0.1:1/hook");
        context.Settings.GetDuration("timeout", TimeSpan.Zero).Should().Be(TimeSpan.FromSeconds(5));
        context.Idempotency.Should().BeSameAs(store);
        (context.Attempt, context.MaxAttempts).Should().Be((3, 4));
        builder.BuildSettings().WorkerName.Should().Be("notify");
    }
}
