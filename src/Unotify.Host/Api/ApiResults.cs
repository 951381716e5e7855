using Microsoft.AspNetCore.Http.HttpResults;

namespace Unotify.Host.Api;

/// <summary>The seed's envelopes: <c>{"success":true,"data":…}</c> and <c>{"success":false,"error_code":…,"error_msg":…}</c>.</summary>
internal static class ApiResults
{
    public static JsonHttpResult<SuccessEnvelope<T>> Ok<T>(T data, int statusCode = StatusCodes.Status200OK) =>
        TypedResults.Json(new SuccessEnvelope<T>(data), statusCode: statusCode);

    public static JsonHttpResult<ErrorEnvelope> Error(int statusCode, string errorCode, string message) =>
        TypedResults.Json(new ErrorEnvelope(errorCode, message), statusCode: statusCode);

    public static JsonHttpResult<ErrorEnvelope> StoreUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return Error(StatusCodes.Status503ServiceUnavailable, ErrorCodes.StoreUnavailable, "The store (Redis) cannot be reached; nothing was stored. Try again shortly.");
    }
}
