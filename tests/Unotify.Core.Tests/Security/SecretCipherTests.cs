using Unotify.Core.Security;

namespace Unotify.Core.Tests.Security;

public sealed class SecretCipherTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public void Round_trips_a_secret_with_the_same_key_and_associated_data()
    {
        var cipher = new SecretCipher(Key);

        cipher.TryDecrypt(cipher.Encrypt("s3cret", "github/1"), "github/1").Should().Be("s3cret");
    }

    [Fact]
    public void Uses_a_fresh_nonce_for_every_encryption()
    {
        var cipher = new SecretCipher(Key);

        cipher.Encrypt("s3cret", "a").Should().NotEqual(cipher.Encrypt("s3cret", "a"));
    }

    [Fact]
    public void Rejects_another_key_other_associated_data_and_tampered_bytes()
    {
        var sealedValue = new SecretCipher(Key).Encrypt("s3cret", "github/1");
        var tampered = (byte[])sealedValue.Clone();
        tampered[14] ^= 1;

        new SecretCipher(new byte[32]).TryDecrypt(sealedValue, "github/1").Should().BeNull();
        new SecretCipher(Key).TryDecrypt(sealedValue, "github/2").Should().BeNull();
        new SecretCipher(Key).TryDecrypt(tampered, "github/1").Should().BeNull();
        new SecretCipher(Key).TryDecrypt([1, 2, 3], "github/1").Should().BeNull();
    }
}
