using System.Text;
using Unotify.Sdk;

namespace Unotify.Plugins.GitHub.Tests;

public sealed class GitHubSignatureTests
{
    private const string Secret = "It's a Secret to Everybody";
    private const string VectorSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    private readonly GitHubWebhookProvider _provider = new();

    private static WebhookRequest HelloWorld(string? signature)
    {
        var builder = GitHubRequestBuilder.For("push").WithBody(Encoding.UTF8.GetBytes("Hello, World!"), "application/json");
        return (signature is null ? builder : builder.WithHeader("X-Hub-Signature-256", signature)).Build();
    }

    [Fact]
    public void Accepts_GitHubs_documented_test_vector() =>
        _provider.Verify(HelloWorld(VectorSignature), Secret).Should().Be(SignatureVerification.Valid);

    [Fact]
    public void Accepts_a_signature_written_in_upper_case_hex() =>
        _provider.Verify(HelloWorld("sha256=" + VectorSignature["sha256=".Length..].ToUpperInvariant()), Secret)
            .Should().Be(SignatureVerification.Valid);

    [Fact]
    public void Accepts_a_real_payload_signed_with_the_hooks_secret()
    {
        var request = GitHubRequestBuilder.For("pull_request").WithFixture("pull_request.closed.json").SignedWith("s3cr3t").Build();

        _provider.Verify(request, "s3cr3t").Should().Be(SignatureVerification.Valid);
    }

    [Fact]
    public void Accepts_a_form_body_whose_signature_covers_the_raw_form_bytes()
    {
        var request = GitHubRequestBuilder.For("push").WithForm(GitHubRequestBuilder.FixtureText("push.json")).SignedWith("s3cr3t").Build();

        _provider.Verify(request, "s3cr3t").Should().Be(SignatureVerification.Valid);
    }

    [Fact]
    public void Rejects_a_body_whose_signature_was_made_with_another_secret() =>
        _provider.Verify(HelloWorld(VectorSignature), "another secret").Should().Be(SignatureVerification.SignatureMismatch);

    [Fact]
    public void Rejects_a_body_changed_after_signing()
    {
        var request = GitHubRequestBuilder.For("push")
            .WithBody(Encoding.UTF8.GetBytes("Hello, World?"), "application/json")
            .WithHeader("X-Hub-Signature-256", VectorSignature)
            .Build();

        _provider.Verify(request, Secret).Should().Be(SignatureVerification.SignatureMismatch);
    }

    [Fact]
    public void Reports_a_missing_header_as_missing() =>
        _provider.Verify(HelloWorld(null), Secret).Should().Be(SignatureVerification.MissingSignature);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Reports_a_blank_header_as_missing(string signature) =>
        _provider.Verify(HelloWorld(signature), Secret).Should().Be(SignatureVerification.MissingSignature);

    [Fact]
    public void Does_not_fall_back_to_the_legacy_sha1_header()
    {
        var request = GitHubRequestBuilder.For("push")
            .WithBody(Encoding.UTF8.GetBytes("Hello, World!"), "application/json")
            .WithHeader("X-Hub-Signature", "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59")
            .Build();

        _provider.Verify(request, Secret).Should().Be(SignatureVerification.MissingSignature);
    }

    [Theory]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256=")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1700")]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("sha256= 757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    public void Reports_a_header_not_in_the_sha256_hex_format_as_malformed(string signature) =>
        _provider.Verify(HelloWorld(signature), Secret).Should().Be(SignatureVerification.MalformedSignature);

    [Fact]
    public void Verifies_with_a_secret_longer_than_the_stack_buffer()
    {
        var secret = new string('k', 1000);
        var request = GitHubRequestBuilder.For("push").WithJson("{}").SignedWith(secret).Build();

        _provider.Verify(request, secret).Should().Be(SignatureVerification.Valid);
        _provider.Verify(request, secret[..999]).Should().Be(SignatureVerification.SignatureMismatch);
    }
}
