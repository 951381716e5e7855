namespace Unotify.Host.Webhooks;

/// <summary>Finds a delivery id in the headers before the body is trusted, so that every log line about a delivery carries it.</summary>
internal static class DeliveryIdHeaders
{
    private static readonly string[] Names = ["X-GitHub-Delivery", "X-Gitlab-Event-UUID", "X-Request-Id", "X-Delivery-Id"];

    public static string Find(IHeaderDictionary headers)
    {
        foreach (var name in Names)
        {
            if (headers.TryGetValue(name, out var value) && value.ToString() is { Length: > 0 and <= 200 } id)
            {
                return id;
            }
        }

        return "(none)";
    }
}
