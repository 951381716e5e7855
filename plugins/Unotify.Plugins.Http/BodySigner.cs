using System.Security.Cryptography;
using System.Text;

namespace Unotify.Plugins.Http;

/// <summary>Signs a body as GitHub does, under Unotify's own header: <c>sha256=</c> + hex HMAC-SHA256 of the exact bytes.</summary>
internal static class BodySigner
{
    /// <summary>The <c>X-Unotify-Signature-256</c> value for <paramref name="body"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        try
        {
            return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(key, body));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
