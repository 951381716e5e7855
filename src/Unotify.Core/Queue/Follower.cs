using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>A worker that follows another (<c>after:</c>): its queue, and whether it takes an event at all.</summary>
/// <param name="Queue">The follower's queue, where its follow-up jobs go.</param>
/// <param name="Takes">The follower's <c>on:</c> filter: only events it takes get a follow-up.</param>
internal sealed record Follower(RedisWorkerQueue Queue, Func<WebhookEvent, bool> Takes);
