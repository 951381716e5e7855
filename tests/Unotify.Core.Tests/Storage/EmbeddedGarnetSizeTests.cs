using Unotify.Core.Storage;

namespace Unotify.Core.Tests.Storage;

public sealed class EmbeddedGarnetSizeTests
{
    [Theory]
    [InlineData("512k", 512L * 1024)]
    [InlineData("16m", 16L * 1024 * 1024)]
    [InlineData("64M", 64L * 1024 * 1024)]
    [InlineData("1g", 1024L * 1024 * 1024)]
    public void A_size_as_Garnet_reads_it_is_counted_in_bytes(string size, long bytes) =>
        EmbeddedGarnetSizes.BytesOf(size).Should().Be(bytes);

    [Theory]
    [InlineData("")]
    [InlineData("m")]
    [InlineData("64")]
    [InlineData("64mb")]
    [InlineData("-1m")]
    public void Anything_else_is_refused_with_what_a_size_looks_like(string size) =>
        FluentActions.Invoking(() => EmbeddedGarnetSizes.BytesOf(size)).Should().Throw<FormatException>().WithMessage("*such as 64m*");
}
