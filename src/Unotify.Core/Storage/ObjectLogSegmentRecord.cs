namespace Unotify.Core.Storage;

/// <summary>
/// The segment size of the embedded store's object log, recorded in the data directory (<c>garnet/object-log-segment</c>)
/// so that a directory is reopened with the size it was written with.
/// </summary>
/// <remarks>
/// Garnet keeps the store's objects (the history's records, its index, attempts) in an object log beside the main log,
/// finds each by its segment and offset under the segment size it runs with, and takes a size back from a checkpoint
/// on recovery. Rather than rely on how it reconciles a configured size with a different recorded one, a directory is
/// always reopened with the size it was written with. Garnet's default, 1 GB, is what every data directory written
/// before this record existed used; it deletes the object log a whole segment at a time, so such a directory holds up
/// to a gigabyte or two of objects that are no longer live (bench/README.md, "The object log"). A new directory is
/// written with the smaller size Unotify asks for; one that already holds Garnet's files and no record keeps 1 GB.
/// </remarks>
internal static class ObjectLogSegmentRecord
{
    /// <summary>The record's file name, in the data directory's <c>garnet</c> folder.</summary>
    public const string FileName = "object-log-segment";

    /// <summary>Garnet's default object-log segment: the size of every directory written before the record existed.</summary>
    public const string EarlierReleases = "1g";

    /// <summary>
    /// The object-log segment size to open the store under <paramref name="garnetDirectory"/> with: the recorded one,
    /// else <see cref="EarlierReleases"/> when Garnet has written there already, else <paramref name="wanted"/>; the
    /// size chosen is recorded before the store opens.
    /// </summary>
    /// <param name="garnetDirectory">The data directory's <c>garnet</c> folder, holding <c>log</c> and <c>checkpoints</c>.</param>
    /// <param name="wanted">The size for a new directory, in Garnet's notation (<c>64m</c>).</param>
    /// <returns>The size, in Garnet's notation.</returns>
    /// <exception cref="StoreConfigurationException">The record holds something that is not a size.</exception>
    public static string Resolve(string garnetDirectory, string wanted)
    {
        var path = Path.Combine(garnetDirectory, FileName);
        if (File.Exists(path))
        {
            var recorded = File.ReadAllText(path).Trim();
            if (!EmbeddedGarnetSizes.TryBytesOf(recorded, out _))
            {
                throw new StoreConfigurationException(
                    $"{path} holds '{Shorten(recorded)}', which is not a size such as 64m or 1g. It records the segment size the embedded store's object log was " +
                    $"written with, which the store must be reopened with: write back the size it held ({EarlierReleases} for a directory created before Unotify recorded it).");
            }

            return recorded;
        }

        var size = HoldsGarnetFiles(garnetDirectory) ? EarlierReleases : wanted;
        var temporary = path + ".new";
        File.WriteAllText(temporary, size + "\n");
        File.Move(temporary, path, overwrite: true);
        return size;
    }

    private static bool HoldsGarnetFiles(string garnetDirectory) =>
        new[] { "log", "checkpoints" }.Select(folder => Path.Combine(garnetDirectory, folder))
            .Any(folder => Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Any());

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
