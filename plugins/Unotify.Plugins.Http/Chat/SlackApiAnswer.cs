using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.Http;

/// <summary>
/// Reads Slack Web API answers: it says 200 with <c>{"ok":false,"error":"…"}</c> for what went wrong, so a 2xx is done
/// only when <c>ok</c> is true. <c>ratelimited</c> is a throttled retry (after <c>Retry-After</c>), Slack's own
/// failures are an outage, and the rest fail the job naming the setting to fix.
/// </summary>
internal static class SlackApiAnswer
{
    private static readonly HashSet<string> Throttled = new(StringComparer.Ordinal) { "ratelimited", "rate_limited" };

    private static readonly HashSet<string> Outages = new(StringComparer.Ordinal)
    {
        "internal_error", "fatal_error", "service_unavailable", "request_timeout",
    };

    private static readonly HashSet<string> TokenProblems = new(StringComparer.Ordinal)
    {
        "not_authed", "invalid_auth", "account_inactive", "token_revoked", "token_expired", "no_permission", "missing_scope",
        "not_allowed_token_type", "team_access_not_granted", "access_denied", "org_login_required",
    };

    private static readonly HashSet<string> ChannelProblems = new(StringComparer.Ordinal)
    {
        "channel_not_found", "not_in_channel", "is_archived", "restricted_action", "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel",
    };

    /// <summary>
    /// The result of a 2xx answer to <c>chat.postMessage</c>: <see langword="null"/> when Slack says <c>ok</c>, else the
    /// retry or failure its <c>error</c> calls for.
    /// </summary>
    public static async Task<ProcessingResult?> CheckAsync(HttpResponseMessage response, string worker, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var host = response.RequestMessage?.RequestUri?.Host ?? "Slack";
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        string? error;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
            {
                return null;
            }

            error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var named) && named.ValueKind == JsonValueKind.String
                ? named.GetString()
                : null;
        }
        catch (JsonException)
        {
            return ProcessingResult.Fail(
                $"{host} answered {(int)response.StatusCode} without Slack's JSON; check setting '{ChatNotifierSettingsReader.ApiUrlKey}' of worker '{worker}': it should be Slack's Web API, https://slack.com/api/.");
        }

        var said = $"{host} answered ok:false, error '{error ?? "(none)"}'";
        return error switch
        {
            not null when Throttled.Contains(error) => ProcessingResult.Throttled(said, RetryAfter.Of(response, timeProvider)),
            not null when Outages.Contains(error) => ProcessingResult.Unavailable(said, RetryAfter.Of(response, timeProvider)),
            not null when TokenProblems.Contains(error) => ProcessingResult.Fail(
                $"{said}; check setting '{ChatNotifierSettingsReader.TokenKey}' of worker '{worker}': give a bot token (xoxb-…) that is valid and has the chat:write scope."),
            not null when ChannelProblems.Contains(error) => ProcessingResult.Fail(
                $"{said}; check setting '{ChatNotifierSettingsReader.ChannelKey}' of worker '{worker}': name a channel that exists, is not archived, and the bot was invited to (/invite @your-bot)."),
            _ => ProcessingResult.Fail(
                $"{said}; Slack refused the message (see https://api.slack.com/methods/chat.postMessage#errors); check the settings of worker '{worker}'."),
        };
    }
}
