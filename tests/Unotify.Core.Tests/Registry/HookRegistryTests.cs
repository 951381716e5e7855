using System.Text.RegularExpressions;
using StackExchange.Redis;
using Unotify.Core.Registry;
using Unotify.Core.Security;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Registry;

/// <summary>The registry's contract, kept by the Redis registry itself and by the cache in front of it.</summary>
public abstract partial class HookRegistryTests(IStoreBackend backend, bool cached) : IAsyncLifetime
{
    private RedisStore _store = null!;
    private IHookRegistry _registry = null!;

    public async Task InitializeAsync()
    {
        _store = await TestStores.OpenAsync(backend);
        _registry = new RedisHookRegistry(_store);
        if (cached)
        {
            var cache = new CachingHookRegistry(_registry, _store, new HookCacheOptions());
            await cache.StartAsync(CancellationToken.None);
            _registry = cache;
        }
    }

    public async Task DisposeAsync()
    {
        if (_registry is CachingHookRegistry cache)
        {
            await cache.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    [Fact]
    public async Task Register_returns_a_new_64_hex_secret_once_and_find_never_shows_it()
    {
        var registered = await _registry.RegisterAsync("github", "123", "acme/api", CancellationToken.None);

        HexSecret().IsMatch(registered.Secret).Should().BeTrue();
        registered.ToString().Should().NotContain(registered.Secret);
        var found = await _registry.FindAsync("github", "123", CancellationToken.None);
        found.Should().Be(registered.Hook);
        found!.ToString().Should().NotContain(registered.Secret);
        (await _registry.GetForVerificationAsync("github", "123", CancellationToken.None))!.Secret.Should().Be(registered.Secret);
    }

    [Fact]
    public async Task Register_twice_throws_already_exists_and_keeps_the_first_secret()
    {
        var first = await _registry.RegisterAsync("github", "123", null, CancellationToken.None);

        var again = () => _registry.RegisterAsync("github", "123", null, CancellationToken.None);

        await again.Should().ThrowAsync<HookAlreadyExistsException>().WithMessage("*github/123*");
        (await _registry.GetForVerificationAsync("github", "123", CancellationToken.None))!.Secret.Should().Be(first.Secret);
    }

    [Fact]
    public async Task Rotate_replaces_the_secret_and_keeps_the_creation_time()
    {
        var first = await _registry.RegisterAsync("github", "123", "acme/api", CancellationToken.None);

        var rotated = await _registry.RotateAsync("github", "123", CancellationToken.None);

        rotated.Secret.Should().NotBe(first.Secret);
        rotated.Hook.CreatedAt.Should().Be(first.Hook.CreatedAt);
        rotated.Hook.RepoPath.Should().Be("acme/api");
        (await _registry.GetForVerificationAsync("github", "123", CancellationToken.None))!.Secret.Should().Be(rotated.Secret);
    }

    [Fact]
    public async Task Rotate_of_an_unknown_hook_throws_not_found()
    {
        var rotate = () => _registry.RotateAsync("github", "404", CancellationToken.None);

        await rotate.Should().ThrowAsync<HookNotFoundException>().WithMessage("*github/404*");
    }

    [Fact]
    public async Task Import_creates_a_hook_with_the_given_secret_and_then_replaces_it()
    {
        await _registry.ImportAsync("github", "9", "acme/web", "old-secret-0123456789", CancellationToken.None);
        await _registry.ImportAsync("github", "9", null, "new-secret-0123456789", CancellationToken.None);

        var hook = await _registry.GetForVerificationAsync("github", "9", CancellationToken.None);
        hook!.Secret.Should().Be("new-secret-0123456789");
        hook.Hook.RepoPath.Should().Be("acme/web");
    }

    [Fact]
    public async Task List_orders_by_provider_then_repo_and_filters_by_provider()
    {
        await _registry.RegisterAsync("gitlab", "1", null, CancellationToken.None);
        await _registry.RegisterAsync("github", "b", null, CancellationToken.None);
        await _registry.RegisterAsync("github", "a.with.dots", null, CancellationToken.None);

        var all = await _registry.ListAsync(null, CancellationToken.None);
        var github = await _registry.ListAsync("github", CancellationToken.None);

        all.Select(hook => $"{hook.Provider}/{hook.RepoId}").Should().Equal("github/a.with.dots", "github/b", "gitlab/1");
        github.Select(hook => hook.RepoId).Should().Equal("a.with.dots", "b");
    }

    [Fact]
    public async Task Delete_removes_the_hook_once()
    {
        await _registry.RegisterAsync("github", "123", null, CancellationToken.None);

        (await _registry.DeleteAsync("github", "123", CancellationToken.None)).Should().BeTrue();
        (await _registry.DeleteAsync("github", "123", CancellationToken.None)).Should().BeFalse();
        (await _registry.FindAsync("github", "123", CancellationToken.None)).Should().BeNull();
        (await _registry.GetForVerificationAsync("github", "123", CancellationToken.None)).Should().BeNull();
    }

    [Fact]
    public async Task The_secret_is_not_stored_in_plain_text()
    {
        var registered = await _registry.RegisterAsync("github", "123", null, CancellationToken.None);

        var raw = await _store.Database.HashGetAllAsync($"{_store.KeyPrefix}:{{hooks}}:all");

        raw.Should().ContainSingle().Which.Value.ToString().Should().NotContain(registered.Secret);
    }

    [Fact]
    public async Task A_different_secret_key_gives_a_clear_error_instead_of_garbage()
    {
        await _registry.RegisterAsync("github", "123", null, CancellationToken.None);
        var otherKey = Convert.ToBase64String(new byte[32]);
        await using var other = await RedisStore.OpenAsync(new StoreOptions
        {
            ConnectionString = backend.ConnectionString,
            KeyPrefix = _store.KeyPrefix,
            SecretKey = otherKey,
        });

        var read = () => new RedisHookRegistry(other).GetForVerificationAsync("github", "123", CancellationToken.None);

        await read.Should().ThrowAsync<SecretDecryptionException>()
            .WithMessage("cannot decrypt the secret of hook github/123: UNOTIFY_SECRET_KEY differs from the one it was stored with*");
    }

    [Fact]
    public async Task A_sealed_secret_moved_to_another_hook_does_not_decrypt()
    {
        await _registry.RegisterAsync("github", "1", null, CancellationToken.None);
        await _registry.RegisterAsync("github", "2", null, CancellationToken.None);
        var key = (RedisKey)$"{_store.KeyPrefix}:{{hooks}}:all";
        var first = (string)(await _store.Database.HashGetAsync(key, "github:1"))!;
        var second = (string)(await _store.Database.HashGetAsync(key, "github:2"))!;
        var sealedOfFirst = SealedSecret().Match(first).Value;
        await _store.Database.HashSetAsync(key, "github:2", SealedSecret().Replace(second, sealedOfFirst));

        var read = () => _registry.GetForVerificationAsync("github", "2", CancellationToken.None);

        await read.Should().ThrowAsync<SecretDecryptionException>().WithMessage("*github/2*");
    }

    [Theory]
    [InlineData("", "123", "provider")]
    [InlineData("git hub", "123", "provider")]
    [InlineData("git:hub", "123", "provider")]
    [InlineData("github", "", "repo_id")]
    [InlineData("github", "  ", "repo_id")]
    [InlineData("github", "a\nb", "repo_id")]
    [InlineData("github", "..", "repo_id")]
    [InlineData("github", "acme/shop", "repo_id")]
    public async Task Bad_ids_are_rejected_with_an_argument_error_naming_the_parameter(string provider, string repoId, string parameter)
    {
        var calls = new Func<Task>[]
        {
            () => _registry.RegisterAsync(provider, repoId, null, CancellationToken.None),
            () => _registry.RotateAsync(provider, repoId, CancellationToken.None),
            () => _registry.ImportAsync(provider, repoId, null, new string('s', 32), CancellationToken.None),
            () => _registry.FindAsync(provider, repoId, CancellationToken.None),
            () => _registry.DeleteAsync(provider, repoId, CancellationToken.None),
            () => _registry.GetForVerificationAsync(provider, repoId, CancellationToken.None),
        };

        foreach (var call in calls)
        {
            (await call.Should().ThrowAsync<ArgumentException>()).Which.ParamName.Should().Be(parameter);
        }
    }

    [Fact]
    public async Task Oversized_values_are_rejected_with_an_argument_error()
    {
        var longId = new string('1', 101);

        await FluentActions.Awaiting(() => _registry.RegisterAsync("github", longId, null, CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().WithMessage("repo_id is 101 characters long; it may only contain letters, digits, '.', '_' and '-' (1 to 100 of them)*");
        await FluentActions.Awaiting(() => _registry.ImportAsync("github", "1", null, new string('s', 5000), CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().Where(e => e.ParamName == "secret");
        await FluentActions.Awaiting(() => _registry.ImportAsync("github", "1", null, "", CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().Where(e => e.ParamName == "secret");
        await FluentActions.Awaiting(() => _registry.ListAsync("bad provider", CancellationToken.None))
            .Should().ThrowAsync<ArgumentException>().Where(e => e.ParamName == "provider");
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HexSecret();

    [GeneratedRegex("\"sealed_secret\":\"[^\"]+\"")]
    private static partial Regex SealedSecret();
}

public sealed class HookRegistryTests_on_redis(RedisServerBackend backend) : HookRegistryTests(backend, cached: false), IClassFixture<RedisServerBackend>;

public sealed class HookRegistryTests_on_redis_cluster(RedisClusterBackend backend) : HookRegistryTests(backend, cached: false), IClassFixture<RedisClusterBackend>;

public sealed class HookRegistryTests_on_garnet(GarnetBackend backend) : HookRegistryTests(backend, cached: false), IClassFixture<GarnetBackend>;

public sealed class HookRegistryTests_cached_on_redis(RedisServerBackend backend) : HookRegistryTests(backend, cached: true), IClassFixture<RedisServerBackend>;

public sealed class HookRegistryTests_cached_on_redis_cluster(RedisClusterBackend backend) : HookRegistryTests(backend, cached: true), IClassFixture<RedisClusterBackend>;

public sealed class HookRegistryTests_cached_on_garnet(GarnetBackend backend) : HookRegistryTests(backend, cached: true), IClassFixture<GarnetBackend>;
