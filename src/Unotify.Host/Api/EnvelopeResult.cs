namespace Unotify.Host.Api;

/// <summary>An envelope written as JSON with the API's one set of serializer options.</summary>
/// <remarks>
/// ASP.NET Core's <c>JsonHttpResult</c> looks its options and logger up in the request's services, which makes the
/// container open (and dispose) a scope for every webhook; these results need nothing from the request's services.
/// </remarks>
/// <typeparam name="T">The envelope's type.</typeparam>
internal sealed class EnvelopeResult<T>(T value, int statusCode) : IResult, IStatusCodeHttpResult, IValueHttpResult<T>
{
    /// <summary>The envelope.</summary>
    public T Value { get; } = value;

    /// <summary>The HTTP status.</summary>
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCode;
        return httpContext.Response.WriteAsJsonAsync(Value, ApiJson.Options, contentType: "application/json; charset=utf-8", httpContext.RequestAborted);
    }
}
