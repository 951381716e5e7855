using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Unotify.Host.Hosting;
using Unotify.Host.Security;

namespace Unotify.Host.Dashboard;

/// <summary>
/// The dashboard's sign-in: the admin token, presented once, buys a session cookie that expires after
/// <see cref="Lifetime"/>. The cookie is signed, not stored (any replica of a fleet accepts it), with a key derived from
/// the admin token: changing the token ends every session. Each session has its own anti-forgery token, which every
/// form that changes something carries (<see cref="AntiForgeryFor"/>).
/// </summary>
internal sealed class DashboardSession
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "unotify_session";

    /// <summary>How long a session lasts after sign-in.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(8);

    private readonly AdminToken _token;
    private readonly byte[]? _key;
    private readonly TimeProvider _time;

    public DashboardSession(HostSettings settings, TimeProvider time)
    {
        _token = new AdminToken(settings.AdminToken);
        _key = settings.AdminToken is { } token ? HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "unotify dashboard session key"u8) : null;
        _time = time;
    }

    /// <summary>Whether sign-in is possible at all: an admin token is configured.</summary>
    public bool IsEnabled => _key is not null;

    /// <summary>A new session for the presented token, or <see langword="null"/> when it is not the admin token.</summary>
    /// <param name="presentedToken">What was typed into the sign-in form.</param>
    /// <returns>The cookie value and when it expires.</returns>
    public (string Cookie, DateTimeOffset Expires)? SignIn(string? presentedToken)
    {
        if (_key is null || !_token.Matches(presentedToken?.Trim()))
        {
            return null;
        }

        var expires = _time.GetUtcNow() + Lifetime;
        var body = expires.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
        return (body + "." + Sign("session:" + body), expires);
    }

    /// <summary>Whether <paramref name="cookie"/> is a session this process's admin token signed and that has not expired.</summary>
    public bool IsValid(string? cookie)
    {
        if (_key is null || cookie is null || cookie.Length > 200)
        {
            return false;
        }

        var lastDot = cookie.LastIndexOf('.');
        if (lastDot <= 0)
        {
            return false;
        }

        var body = cookie[..lastDot];
        var expiry = body.Split('.')[0];
        return FixedTimeEquals(cookie[(lastDot + 1)..], Sign("session:" + body))
            && long.TryParse(expiry, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            && DateTimeOffset.FromUnixTimeSeconds(seconds) > _time.GetUtcNow();
    }

    /// <summary>The anti-forgery token of <paramref name="cookie"/>'s session: a hidden field of every form that changes something.</summary>
    public string AntiForgeryFor(string cookie) => Sign("form:" + cookie);

    /// <summary>Whether <paramref name="presented"/> is the anti-forgery token of <paramref name="cookie"/>'s session.</summary>
    public bool AntiForgeryMatches(string cookie, string? presented) => presented is not null && FixedTimeEquals(presented, AntiForgeryFor(cookie));

    private string Sign(string text) => Base64Url.EncodeToString(HMACSHA256.HashData(_key!, Encoding.UTF8.GetBytes(text)));

    private static bool FixedTimeEquals(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
}
