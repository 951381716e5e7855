using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Unotify.Sdk;

namespace Unotify.Plugins.GitHub;

/// <summary>
/// Checks GitHub's <c>X-Hub-Signature-256</c>: <c>sha256=</c> followed by the lower-case hex HMAC-SHA256 of the
/// exact raw body, keyed with the hook's secret. The legacy SHA-1 header is never consulted.
/// </summary>
internal static class GitHubSignatureVerifier
{
    private const string Prefix = "sha256=";
    private const int HashSize = HMACSHA256.HashSizeInBytes;

    // Secrets longer than this are rented instead of stack-allocated; GitHub secrets are far shorter.
    private const int MaxStackSecretBytes = 256;

    /// <summary>Verifies <paramref name="signatureHeader"/> against <paramref name="body"/>.</summary>
    /// <param name="signatureHeader">The header's value, or <see langword="null"/> when absent.</param>
    /// <param name="body">The raw body as received.</param>
    /// <param name="secret">The hook's secret.</param>
    /// <returns>Valid, or why not; never the expected value.</returns>
    public static SignatureVerification Verify(string? signatureHeader, ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return SignatureVerification.MissingSignature;
        }

        var signature = signatureHeader.AsSpan().Trim();
        if (!signature.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureVerification.MalformedSignature;
        }

        var hex = signature[Prefix.Length..];
        Span<byte> received = stackalloc byte[HashSize];
        if (hex.Length != HashSize * 2
            || Convert.FromHexString(hex, received, out _, out var written) != OperationStatus.Done
            || written != HashSize)
        {
            return SignatureVerification.MalformedSignature;
        }

        Span<byte> expected = stackalloc byte[HashSize];
        ComputeHash(secret, body, expected);
        var matches = CryptographicOperations.FixedTimeEquals(expected, received);
        CryptographicOperations.ZeroMemory(expected);
        return matches ? SignatureVerification.Valid : SignatureVerification.SignatureMismatch;
    }

    /// <summary>Writes the HMAC-SHA256 of <paramref name="body"/> keyed with <paramref name="secret"/> (UTF-8).</summary>
    private static void ComputeHash(string secret, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var keyLength = Encoding.UTF8.GetByteCount(secret);
        byte[]? rented = null;
        var key = keyLength <= MaxStackSecretBytes
            ? stackalloc byte[MaxStackSecretBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(keyLength));
        key = key[..Encoding.UTF8.GetBytes(secret, key)];
        try
        {
            HMACSHA256.HashData(key, body, destination);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
