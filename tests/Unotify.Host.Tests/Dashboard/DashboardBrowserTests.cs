using System.Net;
using Microsoft.Playwright;
using Unotify.Host.Tests.Cli;
using Unotify.Host.Tests.Support;
using Unotify.Testing.FakeJira;

namespace Unotify.Host.Tests.Dashboard;

/// <summary>The dashboard as a person uses it: a real Chromium against the real host on loopback, with a real redis-server and a fake Jira.</summary>
public sealed class DashboardBrowserTests(Chromium chromium) : IClassFixture<Chromium>
{
    private const string Title = "SOC-1 <script>window.pwned = 1</script><img src=x onerror=\"window.pwned = 2\"> fix login";

    [Fact]
    public async Task A_user_signs_in_registers_a_hook_sees_a_delivery_arrive_live_explains_its_ticket_replays_a_dead_letter_and_signs_out()
    {
        await using var jira = await FakeJiraServer.StartAsync();
        jira.AddIssue("SOC-1", "To Do");
        await using var host = await StartAsync(jira);
        var baseUrl = host.Host.BaseAddress!.ToString().TrimEnd('/');
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 1200, Height = 800 } });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Message);
            await dialog.AcceptAsync();
        };

        // A page opened without a session goes to sign-in; a wrong token is refused, the right one lets in.
        await page.GotoAsync("/ui/deliveries");
        page.Url.Should().Contain("/ui/sign-in");
        await page.GetByLabel("Admin token").FillAsync("not-the-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        (await page.Locator(".notice.problem").InnerTextAsync()).Should().Contain("not the admin token");
        await page.GetByLabel("Admin token").FillAsync("test-admin-token");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        page.Url.Should().EndWith("/ui/deliveries");
        var cookie = (await context.CookiesAsync()).Should().ContainSingle(cookie => cookie.Name == "unotify_session").Subject;
        cookie.HttpOnly.Should().BeTrue();
        cookie.SameSite.Should().Be(SameSiteAttribute.Strict);

        // Register a hook: the secret is shown once.
        await page.GetByRole(AriaRole.Link, new() { Name = "Hooks" }).ClickAsync();
        await page.GetByLabel("Repository id").FillAsync("dash-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        var secret = (await page.Locator("#hook-secret").InnerTextAsync()).Trim();
        (await page.Locator("#payload-url").InnerTextAsync()).Should().EndWith("/conduit/webhooks/github/dash-1/payload");
        await Screenshot(page, "hooks");
        await page.GotoAsync("/ui/hooks");
        (await page.ContentAsync()).Should().NotContain(secret, "a secret is shown once, never again");
        (await page.ContentAsync()).Should().NotContain("test-admin-token");

        // A signed merged PR appears in the list without a reload.
        await page.GetByRole(AriaRole.Link, new() { Name = "Deliveries" }).ClickAsync();
        var delivery = GitHubDelivery.MergedPullRequest();
        delivery.WithBody(System.Text.Encoding.UTF8.GetString([.. delivery.Body]).Replace("Update the README with new information.", Title.Replace("\"", "\\\"", StringComparison.Ordinal), StringComparison.Ordinal));
        using (var accepted = await host.Client.SendAsync(delivery.SignedWith(secret).ToRequest("dash-1")))
        {
            accepted.StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        await jira.WaitUntilAsync(server => server.StatusOf("SOC-1") == "In Progress", TimeSpan.FromSeconds(15));
        var row = page.Locator("tbody tr", new() { HasText = "github/dash-1" }).First;
        await row.Locator("text=atlassian: done").WaitForAsync(new() { Timeout = 15_000 });
        await Screenshot(page, "deliveries");

        // Its page: routing, the attempt, SOC-1 To Do → In Progress; the HTML in the title stays text.
        await row.GetByRole(AriaRole.Link).ClickAsync();
        var text = await page.Locator("main").InnerTextAsync();
        text.Should().Contain("atlassian").And.Contain("SOC-1").And.Contain("To Do → In Progress");
        text.Should().Contain("<script>window.pwned = 1</script>", "the title is shown as the text it is");
        await Screenshot(page, "delivery");
        (await page.EvaluateAsync<int?>("() => window.pwned ?? null")).Should().BeNull("a payload's HTML is never markup");
        (await page.Locator("main script, main img").CountAsync()).Should().Be(0);

        // Explain SOC-1.
        await page.GetByRole(AriaRole.Link, new() { Name = "Tickets" }).ClickAsync();
        await page.GetByLabel("Ticket key").FillAsync("soc-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Explain" }).ClickAsync();
        (await page.Locator(".timeline").InnerTextAsync()).Should().Contain("moved").And.Contain("To Do → In Progress");
        await Screenshot(page, "ticket");

        // The failing worker's dead letter is replayed.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dead letters" }).ClickAsync();
        await page.Locator("#failing tbody tr").First.WaitForAsync();
        await Screenshot(page, "dead-letters");
        await page.Locator("#failing tbody tr").First.GetByRole(AriaRole.Button, new() { Name = "Replay" }).ClickAsync();
        (await page.Locator(".notice").InnerTextAsync()).Should().Contain("again");

        await page.GetByRole(AriaRole.Link, new() { Name = "State machines" }).ClickAsync();
        (await page.Locator("svg[role=img]").First.GetAttributeAsync("aria-label")).Should().Contain("To Do --next--> In Progress");
        await Screenshot(page, "machines");
        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        (await page.Locator("main").InnerTextAsync()).Should().Contain("reachable").And.Contain("atlassian");
        await Screenshot(page, "overview");

        // Sign out: the next page asks for sign-in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        page.Url.Should().Contain("/ui/sign-in");
        await page.GotoAsync("/ui");
        page.Url.Should().Contain("/ui/sign-in");
        dialogs.Should().BeEmpty();
    }

    [Fact]
    public async Task Purging_dead_letters_asks_first_and_works_on_a_phone_sized_screen()
    {
        await using var jira = await FakeJiraServer.StartAsync();
        await using var host = await StartAsync(jira);
        var secret = await host.RegisterAsync("phone");
        using (await host.Client.SendAsync(GitHubDelivery.MergedPullRequest().SignedWith(secret).ToRequest("phone")))
        {
        }

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = host.Host.BaseAddress!.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            ColorScheme = ColorScheme.Dark,
        });
        var page = await context.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync("/ui/dead");
        await page.Locator("#failing tbody tr").First.WaitForAsync();
        var asked = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            asked.Add(dialog.Message);
            await dialog.DismissAsync();
        };

        await page.GetByRole(AriaRole.Button, new() { Name = "Purge" }).ClickAsync();
        var stillThere = await page.Locator("#failing tbody tr").CountAsync();
        page.Dialog -= (_, _) => { };
        await using var confirming = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.Host.BaseAddress!.ToString().TrimEnd('/') });
        var second = await confirming.NewPageAsync();
        second.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await SignInAsync(second);
        await second.GotoAsync("/ui/dead");
        await second.GetByRole(AriaRole.Button, new() { Name = "Purge" }).ClickAsync();

        asked.Should().ContainSingle().Which.Should().Contain("Delete every dead letter of failing");
        stillThere.Should().Be(1, "dismissing the question sends nothing");
        (await second.Locator(".notice").InnerTextAsync()).Should().Contain("Deleted 1 dead letter(s) of failing");
        (await host.CountsAsync("failing")).DeadLettered.Should().Be(0);
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        scrollWidth.Should().BeLessThanOrEqualTo(390, "the page fits a phone's width");
        await Screenshot(page, "dead-letters-phone-dark");
    }

    private static async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/ui/sign-in");
        await page.GetByLabel("Admin token").FillAsync("test-admin-token");
        await page.GetByLabel("Admin token").PressAsync("Enter");
        // The redirect to the dashboard is the sign-in's answer; its load event is not awaited (WaitForURLAsync waits for
        // it once the URL matches, and on a machine saturated by the other test projects the wait ran past 30 s twice
        // with the page loaded, network idle included), and every step after this waits for what it reads.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ui$"), new() { Timeout = 30_000 });
    }

    private static Task<TestHost> StartAsync(FakeJiraServer jira) => TestHost.StartAsync(Backends.Get("redis"), new TestHostOptions
    {
        WorkersYaml = $$"""
            workers:
              atlassian:
                statefile: {{CliFiles.ShippedJiraHcl}}
                projects: [soc]
                settings: { base_url: "{{jira.BaseUrl}}", email: {{jira.Auth.Email}}, api_token: {{jira.Auth.Token}} }
              failing:
                processor: recorder
                plugins: ["{recorder}"]
                on: { github: pull_request.merged }
                retry: { max_attempts: 1 }
                settings: { output: "{dir}/failing.jsonl", fail_with: "the receiving end said no" }
            """,
    });

    private static Task Screenshot(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Chromium.Screenshots, name + ".png"), FullPage = true });
}
