using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Unotify.Sdk;

namespace Unotify.Plugins.Hmac;

/// <summary>
/// Checks a signature header of the form <c>{prefix}{encoded HMAC}</c> over the exact raw body, keyed with the hook's
/// secret (UTF-8), comparing in constant time.
/// </summary>
internal sealed class HmacSignatureVerifier
{
    private readonly HashAlgorithmName _algorithm;
    private readonly int _hashSize;
    private readonly string _prefix;
    private readonly SignatureEncoding _encoding;

    public HmacSignatureVerifier(HmacAlgorithm algorithm, string prefix, SignatureEncoding encoding)
    {
        (_algorithm, _hashSize) = algorithm switch
        {
            HmacAlgorithm.Sha1 => (HashAlgorithmName.SHA1, HMACSHA1.HashSizeInBytes),
            HmacAlgorithm.Sha256 => (HashAlgorithmName.SHA256, HMACSHA256.HashSizeInBytes),
            HmacAlgorithm.Sha512 => (HashAlgorithmName.SHA512, HMACSHA512.HashSizeInBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "sha1, sha256 or sha512"),
        };
        _prefix = prefix;
        _encoding = encoding;
    }

    /// <summary>Verifies <paramref name="signatureHeader"/> against <paramref name="body"/>.</summary>
    /// <param name="signatureHeader">The header's value, or <see langword="null"/> when absent.</param>
    /// <param name="body">The raw body as received.</param>
    /// <param name="secret">The hook's secret.</param>
    /// <returns>Valid, or why not; never the expected value.</returns>
    public SignatureVerification Verify(string? signatureHeader, ReadOnlySpan<byte> body, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrWhiteSpace(signatureHeader))
        {
            return SignatureVerification.MissingSignature;
        }

        var signature = signatureHeader.AsSpan().Trim();
        if (!signature.StartsWith(_prefix, StringComparison.OrdinalIgnoreCase))
        {
            return SignatureVerification.MalformedSignature;
        }

        Span<byte> received = stackalloc byte[HMACSHA512.HashSizeInBytes];
        if (!TryDecode(signature[_prefix.Length..], received[.._hashSize]))
        {
            return SignatureVerification.MalformedSignature;
        }

        Span<byte> expected = stackalloc byte[HMACSHA512.HashSizeInBytes];
        var key = Encoding.UTF8.GetBytes(secret);
        try
        {
            CryptographicOperations.HmacData(_algorithm, key, body, expected[.._hashSize]);
            return CryptographicOperations.FixedTimeEquals(expected[.._hashSize], received[.._hashSize])
                ? SignatureVerification.Valid
                : SignatureVerification.SignatureMismatch;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(expected);
        }
    }

    /// <summary>Decodes exactly <c>destination.Length</c> bytes; anything shorter, longer or not in the encoding is malformed.</summary>
    private bool TryDecode(ReadOnlySpan<char> encoded, Span<byte> destination)
    {
        if (_encoding == SignatureEncoding.Hex)
        {
            return encoded.Length == destination.Length * 2
                && Convert.FromHexString(encoded, destination, out _, out var written) == OperationStatus.Done
                && written == destination.Length;
        }

        // Base64 of n bytes is 4 * ceil(n / 3) characters with padding; checking the length first keeps a longer
        // value from being decoded into a buffer it would overflow.
        return encoded.Length == (destination.Length + 2) / 3 * 4
            && Convert.TryFromBase64Chars(encoded, destination, out var decoded)
            && decoded == destination.Length;
    }
}
