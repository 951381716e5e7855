using System.Text.Json.Serialization;
using Unotify.Core.Queue;
using Unotify.Core.Registry;

namespace Unotify.Core.Storage;

/// <summary>Source-generated JSON for everything the store writes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StoredHook))]
[JsonSerializable(typeof(Job))]
[JsonSerializable(typeof(History.AttemptRecord))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;
