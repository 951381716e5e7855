namespace Unotify.Host.Api;

/// <summary>
/// The HTTP API's error boundary: the routes answer every expected problem themselves (a bad request, an unknown hook,
/// the store down), so an exception that reaches this middleware is a bug. It is logged once, with the request, and
/// answered 500 in the API's envelope, never with a stack trace.
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
        catch (Exception exception)
        {
            LogFailed(logger, context.Request.Method, context.Request.Path.Value ?? "/", context.TraceIdentifier, exception);
            if (context.Response.HasStarted)
            {
                // Part of an answer went out already; ending the connection is the only honest signal left.
                context.Abort();
                return;
            }

            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            var envelope = new ErrorEnvelope(
                ErrorCodes.InternalError,
                $"Unotify failed on this request (a bug); the host's log has the details under request id {context.TraceIdentifier}.");
            await context.Response.WriteAsJsonAsync(envelope, ApiJson.Options, contentType: "application/json; charset=utf-8", CancellationToken.None);
        }
    }

    [LoggerMessage(EventId = 190, Level = LogLevel.Error, Message = "{Method} {Path} failed (request id {RequestId}); answered 500")]
    private static partial void LogFailed(ILogger logger, string method, string path, string requestId, Exception exception);
}
