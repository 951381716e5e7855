namespace Unotify.Host.Api;

/// <summary>
/// The HTTP API's error boundary: the routes answer every expected problem themselves (a bad request, an unknown hook,
/// the store down), so an exception that reaches this middleware is a bug. It is logged once, with the request, and
/// answered 500 in the API's envelope, never with a stack trace. Running out of memory is not a bug but a host too small
/// for what it was sent at once (large bodies at the door while the workers hold others): that is answered 503 with
/// Retry-After, as the store being down is, and logged with what to change.
/// </summary>
internal sealed partial class ErrorBoundary(RequestDelegate next, ILogger<ErrorBoundary> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody reads an answer.
        }
        catch (OutOfMemoryException exception)
        {
            LogOutOfMemory(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.TraceIdentifier, exception.Message);
            await AnswerAsync(
                context,
                StatusCodes.Status503ServiceUnavailable,
                new ErrorEnvelope(ErrorCodes.OutOfMemory, "Unotify ran out of memory on this request; nothing of it was stored. Try again shortly."),
                retryAfterSeconds: 30);
        }
        catch (Exception exception)
        {
            LogFailed(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.TraceIdentifier, exception);
            await AnswerAsync(
                context,
                StatusCodes.Status500InternalServerError,
                new ErrorEnvelope(ErrorCodes.InternalError, $"Unotify failed on this request (a bug); the host's log has the details under request id {context.TraceIdentifier}."),
                retryAfterSeconds: null);
        }
    }

    private static async Task AnswerAsync(HttpContext context, int status, ErrorEnvelope envelope, int? retryAfterSeconds)
    {
        if (context.Response.HasStarted)
        {
            // Part of an answer went out already; ending the connection is the only honest signal left.
            context.Abort();
            return;
        }

        context.Response.Clear();
        context.Response.StatusCode = status;
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await context.Response.WriteAsJsonAsync(envelope, ApiJson.Options, contentType: "application/json; charset=utf-8", CancellationToken.None);
    }

    [LoggerMessage(EventId = 191, Level = LogLevel.Error, Message = "{Method} {Path} ran out of memory (request id {RequestId}: {Reason}); answered 503. The host is too small for the bodies it is sent at once: give it more memory (README, \"Deployment\"), or lower UNOTIFY_BODY_MEMORY or the workers' concurrency")]
    private static partial void LogOutOfMemory(ILogger logger, string method, string path, string requestId, string reason);

    [LoggerMessage(EventId = 190, Level = LogLevel.Error, Message = "{Method} {Path} failed (request id {RequestId}); answered 500")]
    private static partial void LogFailed(ILogger logger, string method, string path, string requestId, Exception exception);
}
