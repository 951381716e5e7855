using System.Security.Cryptography;
using System.Text;

namespace Unotify.Host.Security;

/// <summary>
/// The admin token (<c>UNOTIFY_ADMIN_TOKEN</c>) as the process checks it: a presented token is compared in constant time
/// over SHA-256 digests, so not even its length leaks. The admin routes and the dashboard's sign-in both ask it.
/// </summary>
internal sealed class AdminToken
{
    private readonly byte[]? _digest;

    /// <summary>The check of <paramref name="token"/>; <see langword="null"/> when none is configured (nothing matches).</summary>
    public AdminToken(string? token) => _digest = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    /// <summary>Whether a token is configured at all.</summary>
    public bool IsConfigured => _digest is not null;

    /// <summary>Whether <paramref name="presented"/> is the configured token.</summary>
    public bool Matches(string? presented) =>
        _digest is not null && presented is not null && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _digest);
}
