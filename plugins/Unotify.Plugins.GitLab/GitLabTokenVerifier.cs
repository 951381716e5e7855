using System.Security.Cryptography;
using System.Text;
using Unotify.Sdk;

namespace Unotify.Plugins.GitLab;

/// <summary>
/// Checks GitLab's <c>X-Gitlab-Token</c>: the hook's secret sent as is. GitLab signs nothing, so the token is
/// compared in constant time — over SHA-256 digests, so not even the secret's length leaks through timing.
/// </summary>
internal static class GitLabTokenVerifier
{
    public static SignatureVerification Verify(string? token, string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (string.IsNullOrEmpty(token))
        {
            return SignatureVerification.MissingSignature;
        }

        Span<byte> received = stackalloc byte[SHA256.HashSizeInBytes];
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), received);
        SHA256.HashData(Encoding.UTF8.GetBytes(secret), expected);
        var matches = CryptographicOperations.FixedTimeEquals(received, expected);
        CryptographicOperations.ZeroMemory(expected);
        return matches ? SignatureVerification.Valid : SignatureVerification.SignatureMismatch;
    }
}
