using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Unotify.Host.Tests.Support;

namespace Unotify.Host.Tests.Api;

/// <summary>A named <c>hmac</c> provider from workers.yaml's providers:, receiving real deliveries over HTTP.</summary>
public sealed class ConfiguredProviderPayloadTests
{
    private static readonly string _workers = $$"""
        plugins: ["{github}", "{{TestPlugins.Hmac}}", "{recorder}"]
        providers:
          acme:
            type: hmac
            settings:
              header: X-Acme-Signature
              algorithm: sha512
              prefix: "v1="
              encoding: base64
              event_header: X-Acme-Event
        workers:
          recorder:
            on: { acme: deploy.finished }
            settings:
              output: "{dir}/recorded.jsonl"
        """;

    [Fact]
    public async Task A_body_signed_as_the_providers_settings_say_is_accepted_and_a_wrongly_signed_one_is_refused()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { WorkersYaml = _workers });
        var secret = await host.RegisterAsync("77", provider: "acme");
        var body = Encoding.UTF8.GetBytes("""{"service":"rockets","ticket":"SOC-12"}""");

        using var wrong = await host.Client.SendAsync(Delivery(body, Sign("not the hook's secret", body)));
        using var right = await host.Client.SendAsync(Delivery(body, Sign(secret, body)));
        var accepted = await Json.ReadAsync(right);

        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        right.StatusCode.Should().Be(HttpStatusCode.Accepted, accepted.ToString());
        accepted.GetProperty("data").GetProperty("delivery_id").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(body)));
        var recorded = (await host.RecordedAsync(1)).Should().ContainSingle().Subject;
        recorded.GetProperty("kind").GetString().Should().Be("deploy.finished");
        recorded.GetProperty("repo_id").GetString().Should().Be("77");
        recorded.GetProperty("provider").GetString().Should().Be("acme");
    }

    private static HttpRequestMessage Delivery(byte[] body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/conduit/webhooks/acme/77/payload", UriKind.Relative))
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.Add("X-Acme-Event", "Deploy.Finished");
        request.Headers.TryAddWithoutValidation("X-Acme-Signature", signature);
        return request;
    }

    private static string Sign(string secret, byte[] body) =>
        "v1=" + Convert.ToBase64String(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), body));
}
