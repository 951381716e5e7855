using System.Text.Json;
using Unotify.Core.Storage;

namespace Unotify.Core.Queue;

/// <summary>Jobs as stored in Redis: JSON of <see cref="Job"/> (the Sdk event plus attempt, timestamps and last error).</summary>
internal static class JobJson
{
    public static string Serialize(Job job) => JsonSerializer.Serialize(job, StoreJsonContext.Default.Job);

    public static Job Deserialize(string json) =>
        JsonSerializer.Deserialize(json, StoreJsonContext.Default.Job) ?? throw new InvalidDataException("A stored job is null.");
}
