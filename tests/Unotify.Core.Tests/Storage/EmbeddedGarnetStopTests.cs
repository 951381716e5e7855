using System.Diagnostics;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Storage;

/// <summary>
/// Stopping the embedded server never holds up the host's shutdown: Garnet 2.2.12 can wait for good on a checkpoint
/// that is running when it is asked to stop (bench/README.md, "The burst's writers").
/// </summary>
public sealed class EmbeddedGarnetStopTests
{
    [Fact]
    public async Task A_stop_that_does_not_return_is_given_up_on_at_the_limit_and_keeps_its_thread_from_holding_the_process()
    {
        using var release = new ManualResetEventSlim();
        Thread? stopThread = null;
        var watch = Stopwatch.StartNew();

        var stopped = await EmbeddedGarnetServer.StopsWithinAsync(
            () =>
            {
                stopThread = Thread.CurrentThread;
                release.Wait();
            },
            TimeSpan.FromMilliseconds(300));

        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "the wait ends at the limit, not when the stop does");
        stopped.Should().BeFalse();
        stopThread.Should().NotBeNull();
        stopThread!.IsBackground.Should().BeTrue("a thread still stopping Garnet must not keep the process from exiting");
        release.Set();
    }

    [Fact]
    public async Task A_stop_that_returns_in_time_is_reported_as_done_and_its_failure_is_not_swallowed()
    {
        (await EmbeddedGarnetServer.StopsWithinAsync(() => { }, TimeSpan.FromSeconds(30))).Should().BeTrue();

        var failing = () => EmbeddedGarnetServer.StopsWithinAsync(() => throw new InvalidOperationException("disk gone"), TimeSpan.FromSeconds(30));
        await failing.Should().ThrowAsync<InvalidOperationException>().WithMessage("disk gone");
    }

    [Fact]
    public async Task A_stopped_server_releases_its_data_directory_for_the_next_one()
    {
        using var directory = new TemporaryDirectory();
        var first = EmbeddedGarnetServer.Start(directory.Path);
        var watch = Stopwatch.StartNew();
        await first.DisposeAsync();
        watch.Elapsed.Should().BeLessThan(EmbeddedGarnetServer.StopLimit, "an idle server stops well within the limit");

        var second = EmbeddedGarnetServer.Start(directory.Path);
        await second.DisposeAsync();
    }
}
