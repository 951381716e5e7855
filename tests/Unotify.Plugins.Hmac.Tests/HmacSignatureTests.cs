using System.Text;
using Unotify.Sdk;

namespace Unotify.Plugins.Hmac.Tests;

public sealed class HmacSignatureTests
{
    private static readonly byte[] _body = Encoding.UTF8.GetBytes("""{"event":"deploy","ticket":"SOC-12"}""");

    public static TheoryData<string, string, string> EverySetting()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var algorithm in new[] { "sha1", "sha256", "sha512" })
        {
            foreach (var encoding in new[] { "hex", "base64" })
            {
                data.Add(algorithm, encoding, string.Empty);
                data.Add(algorithm, encoding, algorithm + "=");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EverySetting))]
    public void Verify_accepts_a_body_signed_as_the_settings_say(string algorithm, string encoding, string prefix)
    {
        var provider = Provider(algorithm, encoding, prefix);
        var signature = prefix + Some.Encode(Some.Hmac(algorithm, Some.Secret, _body), encoding);

        provider.Verify(Some.Request(_body, ("X-Acme-Signature", signature)), Some.Secret).Should().Be(SignatureVerification.Valid);
    }

    [Theory]
    [MemberData(nameof(EverySetting))]
    public void Verify_returns_mismatch_when_the_body_was_signed_with_another_secret(string algorithm, string encoding, string prefix)
    {
        var provider = Provider(algorithm, encoding, prefix);
        var signature = prefix + Some.Encode(Some.Hmac(algorithm, "another secret", _body), encoding);

        provider.Verify(Some.Request(_body, ("X-Acme-Signature", signature)), Some.Secret).Should().Be(SignatureVerification.SignatureMismatch);
    }

    [Theory]
    [MemberData(nameof(EverySetting))]
    public void Verify_returns_mismatch_when_one_byte_of_the_body_changed_after_signing(string algorithm, string encoding, string prefix)
    {
        var provider = Provider(algorithm, encoding, prefix);
        var signature = prefix + Some.Encode(Some.Hmac(algorithm, Some.Secret, _body), encoding);
        var changed = (byte[])_body.Clone();
        changed[^2] ^= 1;

        provider.Verify(Some.Request(changed, ("X-Acme-Signature", signature)), Some.Secret).Should().Be(SignatureVerification.SignatureMismatch);
    }

    [Fact]
    public void Verify_accepts_upper_case_hex_and_a_prefix_in_another_case()
    {
        var provider = Provider("sha256", "hex", "sha256=");
        var signature = "SHA256=" + Convert.ToHexString(Some.Hmac("sha256", Some.Secret, _body));

        provider.Verify(Some.Request(_body, ("x-acme-signature", signature)), Some.Secret).Should().Be(SignatureVerification.Valid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Verify_returns_missing_when_the_signature_header_is_absent_or_blank(string? header)
    {
        var request = header is null ? Some.Request(_body) : Some.Request(_body, ("X-Acme-Signature", header));

        Provider("sha256", "hex", "sha256=").Verify(request, Some.Secret).Should().Be(SignatureVerification.MissingSignature);
    }

    [Fact]
    public void Verify_returns_missing_when_only_another_senders_header_is_present()
    {
        var request = Some.Request(_body, ("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(Some.Hmac("sha256", Some.Secret, _body))));

        Provider("sha256", "hex", "sha256=").Verify(request, Some.Secret).Should().Be(SignatureVerification.MissingSignature);
    }

    [Theory]
    [InlineData("sha256", "hex", "sha256=", "without the prefix")]
    [InlineData("sha256", "hex", "sha256=", "sha1 length")]
    [InlineData("sha256", "hex", "", "not hex")]
    [InlineData("sha256", "hex", "", "base64 instead of hex")]
    [InlineData("sha512", "base64", "", "hex instead of base64")]
    [InlineData("sha512", "base64", "", "not base64")]
    [InlineData("sha1", "base64", "", "one byte too long")]
    public void Verify_returns_malformed_for_a_signature_not_in_the_configured_form(string algorithm, string encoding, string prefix, string flaw)
    {
        var hash = Some.Hmac(algorithm, Some.Secret, _body);
        var signature = flaw switch
        {
            "without the prefix" => Convert.ToHexStringLower(hash),
            "sha1 length" => prefix + Convert.ToHexStringLower(Some.Hmac("sha1", Some.Secret, _body)),
            "not hex" => new string('z', hash.Length * 2),
            "base64 instead of hex" => Convert.ToBase64String(hash),
            "hex instead of base64" => Convert.ToHexStringLower(hash),
            "not base64" => new string('*', Convert.ToBase64String(hash).Length),
            "one byte too long" => Convert.ToBase64String([.. hash, 0]),
            _ => throw new ArgumentOutOfRangeException(nameof(flaw), flaw, null),
        };

        Provider(algorithm, encoding, prefix).Verify(Some.Request(_body, ("X-Acme-Signature", signature)), Some.Secret)
            .Should().Be(SignatureVerification.MalformedSignature, flaw);
    }

    [Fact]
    public void Verify_checks_an_empty_body_too()
    {
        var signature = Convert.ToHexStringLower(Some.Hmac("sha256", Some.Secret, []));

        Provider("sha256", "hex", string.Empty).Verify(Some.Request([], ("X-Acme-Signature", signature)), Some.Secret).Should().Be(SignatureVerification.Valid);
    }

    private static HmacWebhookProvider Provider(string algorithm, string encoding, string prefix) =>
        Some.Provider(("header", "X-Acme-Signature"), ("algorithm", algorithm), ("encoding", encoding), ("prefix", prefix));
}
