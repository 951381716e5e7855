using Unotify.Core.Storage;
using Unotify.Sdk;

namespace Unotify.Core.Queue;

/// <summary>Checks an event's identifying fields before they become keys.</summary>
internal static class EventArguments
{
    public static void Validate(WebhookEvent webhookEvent)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        StoreArguments.Name(webhookEvent.Provider, $"{nameof(webhookEvent)}.{nameof(WebhookEvent.Provider)}");
        StoreArguments.Name(webhookEvent.RepoId, $"{nameof(webhookEvent)}.{nameof(WebhookEvent.RepoId)}");
        StoreArguments.Id(webhookEvent.DeliveryId, $"{nameof(webhookEvent)}.{nameof(WebhookEvent.DeliveryId)}");
        StoreArguments.Id(webhookEvent.Kind, $"{nameof(webhookEvent)}.{nameof(WebhookEvent.Kind)}");
    }
}
