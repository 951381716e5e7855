using Unotify.Host.Api;
using Unotify.Host.Hosting;

namespace Unotify.Host.Security;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer &lt;UNOTIFY_ADMIN_TOKEN&gt;</c>. The comparison takes
/// constant time (over SHA-256 digests, so not even the length leaks); with no token configured every request is 401.
/// </summary>
internal sealed class AdminTokenFilter(HostSettings settings) : IEndpointFilter
{
    private readonly AdminToken _token = new(settings.AdminToken);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!_token.IsConfigured)
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Admin routes are closed: no admin token is configured. Set UNOTIFY_ADMIN_TOKEN and restart.");
        }

        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Send the admin token as 'Authorization: Bearer <token>'.");
        }

        if (!_token.Matches(header[scheme.Length..].Trim()))
        {
            return ApiResults.Error(StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "The admin token is wrong.");
        }

        return await next(context);
    }
}
