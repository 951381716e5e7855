using Unotify.Core.Storage;

namespace Unotify.Host.Api;

/// <summary>The seed's envelopes: <c>{"success":true,"data":…}</c> and <c>{"success":false,"error_code":…,"error_msg":…}</c>.</summary>
internal static class ApiResults
{
    public static EnvelopeResult<SuccessEnvelope<T>> Ok<T>(T data, int statusCode = StatusCodes.Status200OK) =>
        new(new SuccessEnvelope<T>(data), statusCode);

    public static EnvelopeResult<ErrorEnvelope> Error(int statusCode, string errorCode, string message) =>
        new(new ErrorEnvelope(errorCode, message), statusCode);

    /// <summary>
    /// Runs a store call, answering 503 when Redis is down. Input is checked before the call, so any other exception is
    /// a bug and goes on to the host's error boundary (logged, answered 500).
    /// </summary>
    public static async Task<IResult> FromStoreAsync(HttpContext context, Func<Task<IResult>> call)
    {
        try
        {
            return await call();
        }
        catch (StoreUnavailableException)
        {
            return StoreUnavailable(context);
        }
    }

    public static EnvelopeResult<ErrorEnvelope> StoreUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return Error(StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable, "The store (Redis) cannot be reached; nothing was stored. Try again shortly.");
    }
}
