using Microsoft.Extensions.Configuration;
using Unotify.Host.Hosting;

namespace Unotify.Host.Tests.Hosting;

public sealed class HostSettingsReaderTests
{
    [Fact]
    public void With_nothing_configured_the_documented_defaults_apply()
    {
        var settings = Read([], [], []);

        settings.Urls.Should().Be("http://127.0.0.1:9091");
        settings.Redis.Should().BeNull();
        settings.DataDirectory.Should().Be("./data");
        settings.AdminToken.Should().BeNull();
        settings.WorkersFile.Should().Be("config/workers.yaml");
        settings.KeyPrefix.Should().Be("unotify");
        settings.LogLevel.Should().Be("Information");
        settings.LogJson.Should().BeFalse();
        settings.HookCacheTimeToLive.Should().Be(TimeSpan.FromSeconds(30));
        settings.Store.ExpiredKeyScanInterval.Should().Be(TimeSpan.FromHours(1));
        settings.Store.DeduplicationWindow.Should().Be(TimeSpan.FromHours(72));
    }

    [Fact]
    public void Every_documented_environment_variable_is_read()
    {
        var settings = Read([], new()
        {
            ["UNOTIFY_REDIS"] = "redis:6379",
            ["UNOTIFY_DATA"] = "/var/lib/unotify",
            ["UNOTIFY_ADMIN_TOKEN"] = "t",
            ["UNOTIFY_SECRET_KEY"] = "k",
            ["UNOTIFY_WORKERS"] = "/etc/unotify/workers.yaml",
            ["UNOTIFY_KEY_PREFIX"] = "prod",
            ["UNOTIFY_LOG_LEVEL"] = "Debug",
            ["UNOTIFY_LOG_JSON"] = "true",
            ["UNOTIFY_HOOK_CACHE_TTL"] = "5s",
        }, []);

        settings.Should().BeEquivalentTo(new HostSettings
        {
            Redis = "redis:6379",
            DataDirectory = "/var/lib/unotify",
            AdminToken = "t",
            SecretKey = "k",
            WorkersFile = "/etc/unotify/workers.yaml",
            KeyPrefix = "prod",
            LogLevel = "Debug",
            LogJson = true,
            HookCacheTimeToLive = TimeSpan.FromSeconds(5),
        });
    }

    [Fact]
    public void A_hook_cache_time_to_live_of_zero_turns_the_cache_off_and_a_bad_one_says_what_to_write()
    {
        var off = Read([], new() { ["UNOTIFY_HOOK_CACHE_TTL"] = "0" }, []);
        var bad = () => Read([], new() { ["UNOTIFY_HOOK_CACHE_TTL"] = "soon" }, []);

        off.HookCacheTimeToLive.Should().Be(TimeSpan.Zero);
        bad.Should().Throw<FormatException>().WithMessage("UNOTIFY_HOOK_CACHE_TTL is 'soon'; set a duration such as 30s, or 0 to turn the hook cache off.");
    }

    [Theory]
    [InlineData("1m", 60)]
    [InlineData("24h", 86_400)]
    public void The_embedded_store_scans_for_expiring_keys_as_often_as_asked(string given, int seconds)
    {
        Read([], new() { ["UNOTIFY_EXPIRED_KEY_SCAN"] = given }, []).Store.ExpiredKeyScanInterval.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("30s")]
    [InlineData("2d")]
    [InlineData("hourly")]
    public void An_expired_key_scan_interval_out_of_range_says_what_to_write(string given)
    {
        var read = () => Read([], new() { ["UNOTIFY_EXPIRED_KEY_SCAN"] = given }, []);

        read.Should().Throw<FormatException>().WithMessage($"UNOTIFY_EXPIRED_KEY_SCAN is '{given}'; set a duration from 1m to 24h, such as 1h (the default).");
    }

    [Theory]
    [InlineData("UNOTIFY_DEDUPLICATION_WINDOW", "1h", 3_600)]
    [InlineData("UNOTIFY_DEDUPLICATION_WINDOW", "7d", 604_800)]
    [InlineData("UNOTIFY_DEDUPLICATION_WINDOW", "1m", 60)]
    public void Delivery_ids_are_remembered_as_long_as_asked(string variable, string given, int seconds)
    {
        Read([], new() { [variable] = given }, []).Store.DeduplicationWindow.Should().Be(TimeSpan.FromSeconds(seconds));
        Read([], [], ["--deduplication-window", given]).Store.DeduplicationWindow.Should().Be(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("30s")]
    [InlineData("31d")]
    [InlineData("forever")]
    public void A_deduplication_window_out_of_range_says_what_to_write(string given)
    {
        var read = () => Read([], new() { ["UNOTIFY_DEDUPLICATION_WINDOW"] = given }, []);

        read.Should().Throw<FormatException>().WithMessage(
            $"UNOTIFY_DEDUPLICATION_WINDOW is '{given}'; set a duration from 1m to 30d, such as 72h (the default, as long as GitHub offers a redelivery).");
    }

    [Fact]
    public void Appsettings_then_environment_then_command_line_win_in_that_order()
    {
        var settings = Read(
            new() { ["Unotify:KeyPrefix"] = "from-appsettings", ["Unotify:Data"] = "from-appsettings", ["Unotify:AdminToken"] = "from-appsettings", ["urls"] = "http://127.0.0.1:1000" },
            new() { ["UNOTIFY_KEY_PREFIX"] = "from-environment", ["UNOTIFY_DATA"] = "from-environment" },
            ["--key-prefix", "from-command-line", "--urls", "http://127.0.0.1:2000"]);

        settings.KeyPrefix.Should().Be("from-command-line");
        settings.DataDirectory.Should().Be("from-environment");
        settings.AdminToken.Should().Be("from-appsettings");
        settings.Urls.Should().Be("http://127.0.0.1:2000");
    }

    [Fact]
    public void A_value_that_cannot_be_read_names_the_variable_and_the_fix()
    {
        var read = () => Read([], new() { ["UNOTIFY_LOG_JSON"] = "yes" }, []);

        read.Should().Throw<FormatException>().WithMessage("UNOTIFY_LOG_JSON is 'yes'; set it to true or false.");
    }

    [Theory]
    [InlineData("https://hooks.example.com", "https://hooks.example.com/")]
    [InlineData("https://example.com/unotify/", "https://example.com/unotify")]
    [InlineData("http://10.0.0.5:9091", "http://10.0.0.5:9091/")]
    public void The_public_url_is_read_without_a_trailing_slash(string given, string expected)
    {
        Read([], new() { ["UNOTIFY_PUBLIC_URL"] = given }, []).PublicUrl!.ToString().Should().Be(expected);
    }

    [Theory]
    [InlineData("hooks.example.com")]
    [InlineData("ftp://hooks.example.com")]
    [InlineData("https://hooks.example.com/?a=1")]
    [InlineData("https://user:pw@hooks.example.com")]
    public void A_public_url_that_is_not_an_http_address_says_what_to_write(string given)
    {
        var read = () => Read([], new() { ["UNOTIFY_PUBLIC_URL"] = given }, []);

        read.Should().Throw<FormatException>().WithMessage($"UNOTIFY_PUBLIC_URL is '{given}'; set the address senders reach this server at*");
    }

    [Fact]
    public void Trusted_proxies_are_addresses_or_networks_and_anything_else_is_named()
    {
        var proxies = Read([], new() { ["UNOTIFY_TRUSTED_PROXIES"] = "10.0.0.5, 10.1.0.0/16,::1" }, []).TrustedProxies;
        var bad = () => Read([], new() { ["UNOTIFY_TRUSTED_PROXIES"] = "10.0.0.5,proxy.internal" }, []);

        proxies.Select(network => network.ToString()).Should().Equal("10.0.0.5/32", "10.1.0.0/16", "::1/128");
        bad.Should().Throw<FormatException>().WithMessage("UNOTIFY_TRUSTED_PROXIES has 'proxy.internal'; list the proxies' addresses or networks*");
    }

    [Fact]
    public void The_settings_never_print_secrets()
    {
        var settings = new HostSettings { AdminToken = "token-value", SecretKey = "key-value", Redis = "redis:6379,password=pw" };

        settings.ToString().Should().NotContain("token-value").And.NotContain("key-value").And.NotContain("pw");
    }

    private static HostSettings Read(Dictionary<string, string?> appsettings, Dictionary<string, string> environment, string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(appsettings);
        HostSettingsReader.AddUnotifySources(configuration, args, name => environment.TryGetValue(name, out var value) ? value : null);
        return HostSettingsReader.Read(configuration.Build());
    }
}
