using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>
/// The default body: the event in Unotify's provider-neutral shape, with the ticket keys it names, without the raw
/// payload (receivers that need it should take the sender's webhook directly).
/// </summary>
internal static class NormalizedEventBody
{
    private static readonly JsonSerializerOptions _options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Render(WebhookEvent webhookEvent) => JsonSerializer.Serialize(
        new Body(
            webhookEvent.DeliveryId,
            webhookEvent.Provider,
            webhookEvent.RepoId,
            webhookEvent.Repository,
            webhookEvent.Kind,
            webhookEvent.ReceivedAt,
            webhookEvent.Url,
            webhookEvent.Actor,
            TicketKeys.In(webhookEvent),
            webhookEvent.Texts),
        _options);

    private sealed record Body(
        string DeliveryId,
        string Provider,
        string RepoId,
        string? Repository,
        string Kind,
        DateTimeOffset ReceivedAt,
        string? Url,
        string? Actor,
        IReadOnlyList<string> Tickets,
        IReadOnlyList<EventText> Texts);
}
