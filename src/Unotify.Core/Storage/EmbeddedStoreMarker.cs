using StackExchange.Redis;

namespace Unotify.Core.Storage;

/// <summary>
/// Tells an embedded store that recovered its data from one that silently started empty. Garnet, when it finds no
/// usable commit of its append-only file, says so only at debug level and starts with nothing; a host would then answer
/// 404 to every delivery of its registered hooks and never run the jobs it had accepted. So the first start on a data
/// directory stores a random id both in the store (<see cref="SentinelKey"/>) and in a file beside it
/// (<see cref="FileName"/>); every later start checks that the store still holds it, and refuses to run when the file
/// says there was data and the store has none. The refusal quotes what Garnet said while it recovered, at every level,
/// and lists the store's files, so that the cause can be found from the message alone. The one cause found so far, a
/// commit record that a kill cut short at the end of the append-only file, is erased before Garnet starts
/// (<see cref="TornCommitRecord"/>); this check stays for any other.
/// </summary>
internal static class EmbeddedStoreMarker
{
    /// <summary>The store key holding the id; outside every key prefix, because the store is the directory's own.</summary>
    public const string SentinelKey = "unotify:store:sentinel";

    /// <summary>The file in the data directory that holds the same id.</summary>
    public const string FileName = "unotify.store";

    /// <summary>Checks the store against the directory's marker file, writing both on a first start.</summary>
    /// <param name="database">The embedded store.</param>
    /// <param name="server">The embedded server, to wait for the id's commit before the file says it exists.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="StoreConfigurationException">The store did not recover the data the directory had.</exception>
    public static async Task CheckAsync(IDatabase database, EmbeddedGarnetServer server, CancellationToken cancellationToken)
    {
        var path = Path.Combine(server.DataDirectory, FileName);
        var expected = File.Exists(path) ? (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim() : null;
        var stored = (string?)await database.StringGetAsync(SentinelKey).ConfigureAwait(false);
        if (expected is { Length: > 0 } && stored != expected)
        {
            throw new StoreConfigurationException(
                $"The embedded store in {server.DataDirectory} did not recover its data: {FileName} says the directory held the store "
                + $"'{expected}', and the store that started {(stored is null ? "is empty" : $"is another one ('{stored}')")}. Unotify does not run on it, "
                + "because it would answer 404 to the hooks it had and never run the jobs it had accepted. Nothing was written: "
                + $"keep a copy of {server.DataDirectory} to recover from, then, to start empty, delete {Path.Combine(server.DataDirectory, "garnet")} "
                + $"and {path}. {server.DescribeRecovery()}");
        }

        if (stored is null)
        {
            stored = Guid.NewGuid().ToString("N");
            await database.StringSetAsync(SentinelKey, stored).ConfigureAwait(false);
            await server.WaitForCommitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (expected != stored)
        {
            // Written whole or not at all: a crash here leaves no file, and the next start writes it again.
            var temporary = path + ".tmp";
            await File.WriteAllTextAsync(temporary, stored + Environment.NewLine, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
    }
}
