using Unotify.Sdk;

namespace Unotify.Plugins.Jira.Tests.Commands;

public sealed class CommandReaderTests
{
    private static readonly CommandReader WithTriggers = new(new Dictionary<string, string> { ["closes"] = "close", ["fixes"] = "close" });

    [Theory]
    [InlineData("SOC-12 #review the login page", "review")]
    [InlineData("soc-12 #Review", "review")]
    [InlineData("Fix login (SOC-12 #prev)", "prev")]
    [InlineData("SOC-12\t#in-review", "in-review")]
    [InlineData("first line\nSOC-12 #done_now\nmore", "done_now")]
    public void A_hash_word_right_after_a_key_fires_that_event_for_that_ticket(string text, string expected)
    {
        var commands = CommandReader.WithoutTriggers.Read([new EventText(TextSource.Title, text)], ["SOC-12"]);

        commands.Should().ContainKey("SOC-12").WhoseValue.Should().Be(new TicketCommand(expected, $"#{expected} in title"));
    }

    [Theory]
    [InlineData("[#SOC-12] #next fix", "a key written as #KEY (atlassian/github-for-jira #189)")]
    [InlineData("see https://acme.atlassian.net/browse/SOC-12 #next", "a key inside a URL")]
    [InlineData("run `SOC-12 #next` to try", "a key in a code span")]
    [InlineData("```\nSOC-12 #next\n```", "a key in a fenced code block")]
    [InlineData("xSOC-12 #next", "a key inside a word")]
    [InlineData("SOC-123 #next", "a longer key")]
    [InlineData("SOC-12#next", "no space before the #")]
    [InlineData("SOC-12 #comment Fixed the race", "#comment, which is no event")]
    [InlineData("SOC-12 #time 1h", "#time, which is no event")]
    [InlineData("SOC-12 # next", "a # with no word")]
    [InlineData("SOC-12 and then #next", "a # that does not follow the key")]
    public void Text_that_only_looks_like_a_command_is_none(string text, string because)
    {
        CommandReader.WithoutTriggers.Read([new EventText(TextSource.Body, text)], ["SOC-12"]).Should().BeEmpty(because);
    }

    [Theory]
    [InlineData("Closes SOC-1", "closes")]
    [InlineData("This fixes soc-1.", "fixes")]
    [InlineData("FIXES: SOC-1", "fixes")]
    public void A_trigger_word_right_before_a_key_fires_its_configured_event(string text, string word)
    {
        var commands = WithTriggers.Read([new EventText(TextSource.Body, text)], ["SOC-1"]);

        commands["SOC-1"].Should().Be(new TicketCommand("close", $"'{word}' in body"));
    }

    [Theory]
    [InlineData("Encloses SOC-1")]
    [InlineData("Closes\n\nthe loop, SOC-1")]
    [InlineData("Reverts SOC-1")]
    public void A_word_that_is_not_a_trigger_or_is_not_right_before_the_key_fires_nothing(string text)
    {
        WithTriggers.Read([new EventText(TextSource.Body, text)], ["SOC-1"]).Should().BeEmpty();
    }

    [Fact]
    public void Without_triggers_configured_Closes_fires_nothing_so_the_seeds_behaviour_is_unchanged()
    {
        CommandReader.WithoutTriggers.Read([new EventText(TextSource.Body, "Closes SOC-1")], ["SOC-1"]).Should().BeEmpty();
    }

    [Fact]
    public void The_first_command_in_the_order_of_the_texts_counts_and_each_ticket_has_its_own()
    {
        var commands = WithTriggers.Read(
            [
                new EventText(TextSource.Title, "SOC-1 #prev and SOC-2"),
                new EventText(TextSource.Body, "SOC-1 #review, closes SOC-2, SOC-3 #next"),
            ],
            ["SOC-1", "SOC-2"]);

        commands.Should().BeEquivalentTo(new Dictionary<string, TicketCommand>
        {
            ["SOC-1"] = new("prev", "#prev in title"),
            ["SOC-2"] = new("close", "'closes' in body"),
        });
    }

    [Theory]
    [InlineData("SOC-1 #comment Fixed the race in login", "Fixed the race in login")]
    [InlineData("intro\nsoc-1 #Comment  needs a second look  \nnext line", "needs a second look")]
    public void A_comment_command_gives_the_rest_of_its_line(string text, string expected)
    {
        CommandReader.ReadComments([new EventText(TextSource.Title, text)], ["SOC-1"])
            .Should().ContainKey("SOC-1").WhoseValue.Should().Be(new TicketComment(expected, "#comment in title"));
    }

    [Theory]
    [InlineData("SOC-1 #comment")]
    [InlineData("[#SOC-1] #comment not a command")]
    [InlineData("`SOC-1 #comment in code`")]
    [InlineData("SOC-1 #commentary is not it")]
    public void A_comment_with_nothing_to_say_or_where_commands_do_not_count_is_none(string text)
    {
        CommandReader.ReadComments([new EventText(TextSource.Body, text)], ["SOC-1"]).Should().BeEmpty();
    }

    [Fact]
    public void A_comment_is_not_an_event_so_the_ticket_moves_by_the_workers_own()
    {
        CommandReader.WithoutTriggers.Read([new EventText(TextSource.Body, "SOC-1 #comment done")], ["SOC-1"]).Should().BeEmpty();
    }
}
