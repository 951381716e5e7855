using Unotify.Sdk;

namespace Unotify.Plugins.Http.Tests;

public sealed class TicketKeysTests
{
    [Theory]
    [InlineData("SOC-12: fix login", "SOC-12")]
    [InlineData("feature/devops-12-login", "DEVOPS-12")]
    [InlineData("soc-1, SOC-1 and Abc_2-30", "SOC-1,ABC_2-30")]
    [InlineData("SOC-012 and SOC-0", "")]
    [InlineData("xSOC-1x, SOC-12a, éSOC-3 and 3SOC-4 sit inside words", "")]
    public void Finds_keys_by_the_jira_processors_rule(string text, string expected) =>
        string.Join(",", TicketKeys.In(Some.MergedPullRequest() with { Texts = [new EventText(TextSource.Title, text)] })).Should().Be(expected);
}
