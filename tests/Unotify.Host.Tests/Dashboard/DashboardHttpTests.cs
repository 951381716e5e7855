using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Unotify.Host.Dashboard;
using Unotify.Host.Tests.Support;

namespace Unotify.Host.Tests.Dashboard;

/// <summary>The dashboard's security as HTTP sees it: sessions, anti-forgery, headers, and no admin token.</summary>
public sealed class DashboardHttpTests
{
    [Fact]
    public async Task A_page_without_a_session_redirects_to_sign_in_and_a_form_without_one_is_refused()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"));
        using var client = Anonymous(host);

        using var page = await client.GetAsync(new Uri("/ui/hooks?x=1", UriKind.Relative));
        using var post = await client.PostAsync(new Uri("/ui/hooks", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["repo_id"] = "x", ["provider"] = "github" }));

        page.StatusCode.Should().Be(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().Should().Be("/ui/sign-in?next=%2Fui%2Fhooks%3Fx%3D1");
        post.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_form_sent_with_a_session_but_without_its_anti_forgery_token_changes_nothing()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"));
        using var client = Anonymous(host);
        var session = await SignInAsync(client);

        using var forged = new HttpRequestMessage(HttpMethod.Post, new Uri("/ui/hooks", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["repo_id"] = "forged", ["provider"] = "github", ["csrf"] = "guessed" }),
        };
        forged.Headers.Add("Cookie", session);
        using var answer = await client.SendAsync(forged);
        var hooks = await host.Host.Services.GetRequiredService<Unotify.Core.Registry.IHookRegistry>().ListAsync(null, CancellationToken.None);

        answer.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        hooks.Should().BeEmpty();
    }

    [Fact]
    public async Task Pages_allow_only_the_hosts_own_script_and_are_never_cached_and_the_session_cookie_is_strict()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"));
        using var client = Anonymous(host);

        using var signInPage = await client.GetAsync(new Uri("/ui/sign-in", UriKind.Relative));
        using var signIn = await client.PostAsync(new Uri("/ui/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "test-admin-token", ["next"] = "https://evil.example/" }));
        using var script = await client.GetAsync(new Uri("/ui/assets/dashboard.js", UriKind.Relative));
        using var unknownAsset = await client.GetAsync(new Uri("/ui/assets/..%2Fappsettings.json", UriKind.Relative));

        signInPage.Headers.GetValues("Content-Security-Policy").Single().Should().Contain("script-src 'self'").And.Contain("default-src 'none'").And.Contain("frame-ancestors 'none'");
        signInPage.Headers.CacheControl!.NoStore.Should().BeTrue();
        signIn.StatusCode.Should().Be(HttpStatusCode.Redirect);
        signIn.Headers.Location!.ToString().Should().Be("/ui", "sign-in only goes back to a page of the dashboard");
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single();
        cookie.Should().StartWith(DashboardSession.CookieName + "=").And.Contain("httponly").And.Contain("samesite=strict").And.Contain("path=/ui").And.Contain("expires=");
        script.Content.Headers.ContentType!.MediaType.Should().Be("text/javascript");
        unknownAsset.StatusCode.Should().NotBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Without_an_admin_token_the_dashboard_says_how_to_set_one_and_shows_nothing_else()
    {
        await using var host = await TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions { AdminToken = null });
        using var client = Anonymous(host);

        using var overview = await client.GetAsync(new Uri("/ui", UriKind.Relative));
        using var signIn = await client.GetAsync(new Uri("/ui/sign-in", UriKind.Relative));
        var text = await overview.Content.ReadAsStringAsync();

        overview.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        signIn.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        text.Should().Contain("UNOTIFY_ADMIN_TOKEN").And.NotContain("/ui/deliveries").And.NotContain("<form");
    }

    [Fact]
    public void Values_written_into_a_page_are_encoded_and_fragments_are_not()
    {
        var title = "<script>alert(\"x\")</script>";
        var cell = Html.Of($"<td title=\"{title}\">{title}</td>");

        var row = Html.Of($"<tr>{cell}</tr>");

        row.Value.Should().Be("<tr><td title=\"&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;\">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</td></tr>");
    }

    private static HttpClient Anonymous(TestHost host) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = host.Host.BaseAddress };

    private static async Task<string> SignInAsync(HttpClient client)
    {
        using var signIn = await client.PostAsync(new Uri("/ui/sign-in", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = "test-admin-token" }));
        return signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }
}
