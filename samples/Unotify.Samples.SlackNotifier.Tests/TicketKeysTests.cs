using Unotify.Sdk;

namespace Unotify.Samples.SlackNotifier.Tests;

public sealed class TicketKeysTests
{
    [Theory]
    [InlineData("SOC-12: fix login", "SOC-12")]
    [InlineData("feature/devops-12-login", "DEVOPS-12")]
    [InlineData("fixes soc-1, SOC-1 and Abc_2-30", "SOC-1,ABC_2-30")]
    [InlineData("SOC-012 has a leading zero", "")]
    [InlineData("xSOC-1x and SOC-1x sit inside longer words", "")]
    [InlineData("3SOC-1 starts with a digit", "")]
    public void Finds_keys_as_the_jira_processor_does(string text, string expected)
    {
        var keys = TicketKeys.In(Some.MergedPullRequest() with { Texts = [new EventText(TextSource.Title, text)] });

        string.Join(",", keys).Should().Be(expected);
    }
}
