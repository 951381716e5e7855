using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.Json;
using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>
/// The Jira REST calls the processor makes. Each request carries the worker's credentials and its own timeout;
/// every outcome other than success is a <see cref="JiraProblem"/>, never an exception, except cancellation by the
/// caller's token. Every request first waits its turn under the worker's rate limit.
/// </summary>
internal sealed class JiraClient(HttpClient httpClient, JiraSettings settings, TimeProvider timeProvider, IRequestLimiter limiter)
{
    private static readonly MediaTypeWithQualityHeaderValue _json = new("application/json");

    /// <summary>The current status name (<c>GET /issue/{key}?fields=status</c>).</summary>
    public Task<JiraAnswer<string>> GetStatusAsync(string key, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"/issue/{Uri.EscapeDataString(key)}?fields=status", content: null, JiraResponseReader.ReadStatus, cancellationToken);

    /// <summary>
    /// The transitions Jira offers from the current status, with the fields each requires
    /// (<c>GET /issue/{key}/transitions?expand=transitions.fields</c>).
    /// </summary>
    public Task<JiraAnswer<IReadOnlyList<JiraTransition>>> GetTransitionsAsync(string key, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"/issue/{Uri.EscapeDataString(key)}/transitions?expand=transitions.fields", content: null, JiraResponseReader.ReadTransitions, cancellationToken);

    /// <summary>Performs a transition (<c>POST /issue/{key}/transitions</c>, 204 on success), setting <paramref name="fields"/> on the way when there are any.</summary>
    public Task<JiraAnswer<string>> TransitionAsync(string key, string transitionId, IReadOnlyDictionary<string, JsonElement> fields, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new TransitionRequest(new TransitionReference(transitionId), fields.Count == 0 ? null : fields), JiraJsonContext.Default.TransitionRequest);
        var content = new ByteArrayContent(body) { Headers = { ContentType = _json } };
        return SendAsync(HttpMethod.Post, $"/issue/{Uri.EscapeDataString(key)}/transitions", content, static _ => string.Empty, cancellationToken);
    }

    /// <summary>
    /// Adds a comment (<c>POST /issue/{key}/comment</c>): a document with the text and a link for API v3, the text and
    /// the link in wiki markup for API v2.
    /// </summary>
    public Task<JiraAnswer<string>> AddCommentAsync(string key, string text, string? link, CancellationToken cancellationToken)
    {
        JsonNode body;
        if (settings.ApiVersion == 2)
        {
            body = link is null ? text : $"{text}\n\n[{link}|{link}]";
        }
        else
        {
            var content = new JsonArray(new JsonObject
            {
                ["type"] = "paragraph",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
            });
            if (link is not null)
            {
                content.Add(new JsonObject
                {
                    ["type"] = "paragraph",
                    ["content"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "text",
                        ["text"] = link,
                        ["marks"] = new JsonArray(new JsonObject
                        {
                            ["type"] = "link",
                            ["attrs"] = new JsonObject { ["href"] = link },
                        }),
                    }),
                });
            }

            body = new JsonObject { ["type"] = "doc", ["version"] = 1, ["content"] = content };
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["body"] = body }, JiraJsonContext.Default.JsonObject);
        var request = new ByteArrayContent(bytes) { Headers = { ContentType = _json } };
        return SendAsync(HttpMethod.Post, $"/issue/{Uri.EscapeDataString(key)}/comment", request, static _ => string.Empty, cancellationToken);
    }

    /// <summary>
    /// Adds a link on the issue to a pull request, commit or release, or updates the one with the same
    /// <see cref="CodeReference.GlobalId"/> (<c>POST /issue/{key}/remotelink</c>, 201 or 200).
    /// </summary>
    public Task<JiraAnswer<string>> AddRemoteLinkAsync(string key, CodeReference reference, string provider, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["globalId"] = reference.GlobalId,
            ["application"] = new JsonObject { ["type"] = "unotify." + provider, ["name"] = provider },
            ["relationship"] = "mentioned in",
            ["object"] = new JsonObject
            {
                ["url"] = reference.Url,
                ["title"] = reference.LinkTitle,
                ["status"] = new JsonObject { ["resolved"] = reference.State is "merged" or "published" or "closed" },
            },
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, JiraJsonContext.Default.JsonObject);
        var request = new ByteArrayContent(bytes) { Headers = { ContentType = _json } };
        return SendAsync(HttpMethod.Post, $"/issue/{Uri.EscapeDataString(key)}/remotelink", request, static _ => string.Empty, cancellationToken);
    }

    private async Task<JiraAnswer<T>> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, Func<JsonElement, T?> read, CancellationToken cancellationToken)
        where T : class
    {
        var call = $"{method} {path}";

        // Before the timeout starts: waiting for a turn is not Jira being slow.
        await limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(settings.Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = new HttpRequestMessage(method, new Uri(settings.ApiRoot + path));
        request.Content = content;
        request.Headers.Authorization = settings.Credentials.ToHeader();
        request.Headers.Accept.Add(_json);
        try
        {
            using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return JiraAnswer<T>.Failed(ProblemOf(call, response, body));
            }

            // A transition answers 204 with no body; there is nothing to read.
            if (method == HttpMethod.Post)
            {
                return JiraAnswer<T>.Ok(read(default)!);
            }

            return JiraResponseReader.TryParse(body, read, out var value, out var error)
                ? JiraAnswer<T>.Ok(value)
                : JiraAnswer<T>.Failed(new JiraProblem(JiraProblemKind.Unexpected,
                    $"{call}: Jira's answer was not the expected JSON ({error}); is base_url the address of the Jira site?"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return JiraAnswer<T>.Failed(new JiraProblem(JiraProblemKind.Unavailable,
                $"{call}: Jira did not answer within {settings.Timeout.TotalSeconds:0.###}s (setting 'timeout')"));
        }
        catch (HttpRequestException exception)
        {
            return JiraAnswer<T>.Failed(new JiraProblem(JiraProblemKind.Unavailable,
                $"{call}: could not reach Jira at {settings.BaseUrl} ({exception.Message})"));
        }
    }

    private JiraProblem ProblemOf(string call, HttpResponseMessage response, byte[] body)
    {
        var status = (int)response.StatusCode;
        var answer = $"{call} answered {status} {response.ReasonPhrase}{JiraResponseReader.ErrorMessages(body)}";
        return response.StatusCode switch
        {
            // Jira's own 404 carries its error JSON; any other 404 means the address is not Jira's REST API.
            HttpStatusCode.NotFound when JiraResponseReader.IsJiraError(body) => new JiraProblem(JiraProblemKind.NotFound, answer),
            HttpStatusCode.NotFound => new JiraProblem(JiraProblemKind.Unexpected,
                $"{answer}; this is not Jira's answer for an issue: is base_url ({settings.BaseUrl}) the address of the Jira site?"),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new JiraProblem(JiraProblemKind.Unauthorized,
                $"{answer}; Jira refused the {settings.Credentials.Description}: check {settings.Credentials.SettingsToCheck} and that the account may see and transition the issue"),
            HttpStatusCode.BadRequest => new JiraProblem(JiraProblemKind.Rejected, answer),
            HttpStatusCode.TooManyRequests => new JiraProblem(JiraProblemKind.Throttled, answer, RetryAfter.Of(response, timeProvider)),
            _ when status >= 500 => new JiraProblem(JiraProblemKind.Unavailable, answer, RetryAfter.Of(response, timeProvider)),
            _ => new JiraProblem(JiraProblemKind.Unexpected, answer),
        };
    }
}
