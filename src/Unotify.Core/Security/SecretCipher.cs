using System.Security.Cryptography;
using System.Text;

namespace Unotify.Core.Security;

/// <summary>
/// Encrypts secrets at rest with AES-GCM: a random 12-byte nonce per value, a 16-byte tag, and associated data that
/// binds the ciphertext to its owner so it cannot be moved to another record.
/// </summary>
internal sealed class SecretCipher
{
    public const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public SecretCipher(byte[] key)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"The secret key must be {KeySize} bytes; it is {key.Length}.", nameof(key));
        }

        _key = (byte[])key.Clone();
    }

    /// <summary>Encrypts <paramref name="plaintext"/>; returns nonce ‖ ciphertext ‖ tag.</summary>
    public byte[] Encrypt(string plaintext, string associatedData)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var sealedValue = new byte[NonceSize + plain.Length + TagSize];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize, plain.Length), sealedValue.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(associatedData));
        CryptographicOperations.ZeroMemory(plain);
        return sealedValue;
    }

    /// <summary>Decrypts what <see cref="Encrypt"/> made; <see langword="null"/> when the key, the associated data or the bytes differ.</summary>
    public string? TryDecrypt(byte[] sealedValue, string associatedData)
    {
        if (sealedValue.Length < NonceSize + TagSize)
        {
            return null;
        }

        var cipherLength = sealedValue.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(_key, TagSize);
        try
        {
            aes.Decrypt(
                sealedValue.AsSpan(0, NonceSize),
                sealedValue.AsSpan(NonceSize, cipherLength),
                sealedValue.AsSpan(NonceSize + cipherLength),
                plain,
                Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }

        return Encoding.UTF8.GetString(plain);
    }
}
