using Unotify.Core.Storage;

namespace Unotify.Testing.Redis;

/// <summary>Opens stores for tests: each with a key prefix of its own, so tests never see each other's keys.</summary>
public static class TestStores
{
    /// <summary>A fixed secret key for tests (base64 of 32 bytes).</summary>
    public static readonly string SecretKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    /// <summary>A fresh, unique key prefix.</summary>
    /// <returns>The prefix, e.g. <c>t-3f2a…</c>.</returns>
    public static string UniquePrefix() => $"t-{Guid.NewGuid():N}";

    /// <summary>The options of a store on <paramref name="backend"/> with a unique prefix.</summary>
    /// <param name="backend">The server.</param>
    /// <returns>The options.</returns>
    public static StoreOptions OptionsFor(IStoreBackend backend) => new()
    {
        ConnectionString = backend.ConnectionString,
        SecretKey = SecretKey,
        KeyPrefix = UniquePrefix(),
        Timeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>Opens a store on <paramref name="backend"/> with a unique prefix.</summary>
    /// <param name="backend">The server.</param>
    /// <param name="time">The clock, or the system clock.</param>
    /// <returns>The open store.</returns>
    public static Task<RedisStore> OpenAsync(IStoreBackend backend, TimeProvider? time = null) =>
        RedisStore.OpenAsync(OptionsFor(backend), time);
}
