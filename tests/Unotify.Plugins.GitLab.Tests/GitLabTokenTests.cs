using Unotify.Sdk;

namespace Unotify.Plugins.GitLab.Tests;

public sealed class GitLabTokenTests
{
    private readonly GitLabWebhookProvider _provider = new();

    [Fact]
    public void Accepts_the_hooks_secret_as_the_token() =>
        _provider.Verify(GitLabRequestBuilder.MergeRequest().Build(), GitLabRequestBuilder.Secret).Should().Be(SignatureVerification.Valid);

    [Fact]
    public void Reports_a_missing_token_as_missing() =>
        _provider.Verify(GitLabRequestBuilder.MergeRequest().WithoutHeader("X-Gitlab-Token").Build(), GitLabRequestBuilder.Secret)
            .Should().Be(SignatureVerification.MissingSignature);

    [Theory]
    [InlineData("It's a Secret to Everybody!")]
    [InlineData("it's a secret to everybody")]
    [InlineData("It's a Secret")]
    [InlineData("another secret entirely, and much longer than the real one")]
    public void Rejects_a_token_that_is_not_exactly_the_secret(string token) =>
        _provider.Verify(GitLabRequestBuilder.MergeRequest().WithHeader("X-Gitlab-Token", token).Build(), GitLabRequestBuilder.Secret)
            .Should().Be(SignatureVerification.SignatureMismatch);

    [Fact]
    public void Rejects_a_token_made_for_another_hook() =>
        _provider.Verify(GitLabRequestBuilder.MergeRequest().Build(), "the other hook's secret").Should().Be(SignatureVerification.SignatureMismatch);
}
