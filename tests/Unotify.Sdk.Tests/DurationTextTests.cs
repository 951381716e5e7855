using Unotify.Sdk;

namespace Unotify.Sdk.Tests;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("24h", 86_400_000)]
    [InlineData("7d", 604_800_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("15", 15_000)]
    [InlineData("00:01:30", 90_000)]
    [InlineData(" 2s ", 2_000)]
    public void Reads_durations_the_way_configuration_files_write_them(string text, double milliseconds)
    {
        DurationText.TryParse(text, out var value).Should().BeTrue();
        value.TotalMilliseconds.Should().Be(milliseconds);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ms")]
    [InlineData("-5s")]
    [InlineData("five seconds")]
    [InlineData("NaNs")]
    [InlineData("1e300d")]
    public void Rejects_text_that_is_not_a_duration(string? text)
    {
        DurationText.TryParse(text, out _).Should().BeFalse();
    }
}
