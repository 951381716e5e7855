using Unotify.Core.Registry;
using Unotify.Host.Hosting;

namespace Unotify.Host.Api;

/// <summary>
/// The payload URL a sender needs: <c>UNOTIFY_PUBLIC_URL</c> and the hook's path when it is set; otherwise the scheme
/// and host of the request that asked, which behind a reverse proxy are the proxy's own only when the proxy is listed in
/// <c>UNOTIFY_TRUSTED_PROXIES</c> (its <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> are then honoured).
/// </summary>
internal sealed class PayloadAddress(HostSettings settings)
{
    /// <summary>The whole payload URL of <paramref name="hook"/>.</summary>
    public string UrlOf(Hook hook, HttpRequest request) =>
        settings.PublicUrl is { } publicUrl
            ? publicUrl.ToString().TrimEnd('/') + hook.PayloadPath
            : $"{request.Scheme}://{request.Host}{hook.PayloadPath}";
}
