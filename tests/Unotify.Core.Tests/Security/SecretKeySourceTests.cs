using Unotify.Core.Security;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Security;

public sealed class SecretKeySourceTests
{
    [Fact]
    public void External_redis_without_a_key_is_a_start_up_error_naming_UNOTIFY_SECRET_KEY()
    {
        var resolve = () => SecretKeySource.Resolve(new StoreOptions { ConnectionString = "127.0.0.1:6379" });

        resolve.Should().Throw<StoreConfigurationException>().WithMessage("*UNOTIFY_SECRET_KEY*openssl rand -base64 32*");
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void A_malformed_key_is_a_start_up_error(string key)
    {
        var resolve = () => SecretKeySource.Resolve(new StoreOptions { SecretKey = key });

        resolve.Should().Throw<StoreConfigurationException>().WithMessage("*32*");
    }

    [Fact]
    public void Embedded_mode_generates_a_private_key_file_once_and_reuses_it()
    {
        using var directory = new TemporaryDirectory();
        var options = new StoreOptions { DataDirectory = directory.Path };

        var first = SecretKeySource.Resolve(options);
        var second = SecretKeySource.Resolve(options);

        first.Should().HaveCount(32).And.Equal(second);
        var path = Path.Combine(directory.Path, "secret.key");
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task A_key_prefix_that_cannot_be_part_of_a_key_is_a_start_up_error_naming_UNOTIFY_KEY_PREFIX()
    {
        var open = () => RedisStore.OpenAsync(new StoreOptions { ConnectionString = "127.0.0.1:1", SecretKey = TestStores.SecretKey, KeyPrefix = "my {prefix}" });

        await open.Should().ThrowAsync<StoreConfigurationException>().WithMessage("UNOTIFY_KEY_PREFIX 'my {prefix}' contains*it may only contain*");
    }
}
