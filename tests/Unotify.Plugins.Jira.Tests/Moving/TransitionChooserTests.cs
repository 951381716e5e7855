namespace Unotify.Plugins.Jira.Tests;

public sealed class TransitionChooserTests
{
    private static readonly IReadOnlyList<JiraTransition> _offered = JiraResponseReaderTests.FixtureTransitions();

    [Theory]
    [InlineData("In Progress", "21")]
    [InlineData("To Do", "11")]
    [InlineData("Done", "31")]
    public void Chooses_the_transition_whose_target_is_the_wanted_status(string target, string id) =>
        TransitionChooser.Choose(_offered, target)!.Id.Should().Be(id);

    [Theory]
    [InlineData("in progress")]
    [InlineData("Closed")]
    [InlineData("Start work ")]
    public void Chooses_nothing_when_no_target_or_label_matches_exactly(string target) =>
        TransitionChooser.Choose(_offered, target).Should().BeNull();

    [Fact]
    public void Prefers_a_target_over_a_button_label_of_the_same_name()
    {
        JiraTransition[] offered = [new("1", "Done", "Closed"), new("2", "Finish", "Done")];

        TransitionChooser.Choose(offered, "Done")!.Id.Should().Be("2");
    }

    [Fact]
    public void Falls_back_to_the_button_label()
    {
        JiraTransition[] offered = [new("1", "Review", null), new("2", "Start", "In Progress")];

        TransitionChooser.Choose(offered, "Review")!.Id.Should().Be("1");
    }

    [Fact]
    public void Describes_the_offer_as_labels_and_targets()
    {
        TransitionChooser.Describe(_offered).Should().Be("Back to backlog → To Do, Start work → In Progress, Done → Done");
        TransitionChooser.Describe([]).Should().Be("none");
    }
}
