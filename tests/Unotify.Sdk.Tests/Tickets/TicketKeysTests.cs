using System.Text;
using System.Text.RegularExpressions;

namespace Unotify.Sdk.Tests.Tickets;

public sealed partial class TicketKeysTests
{
    [Theory]
    [InlineData("SOC-1 fix login", "SOC-1")]
    [InlineData("feature/devops-12-login", "DEVOPS-12")]
    [InlineData("soc-1 and Soc-2 and SOC-1 again", "SOC-1,SOC-2")]
    [InlineData("DEV_OPS-12: underscores", "DEV_OPS-12")]
    [InlineData("ABC2-7 digits in the project", "ABC2-7")]
    [InlineData("ends with a dot SOC-1.", "SOC-1")]
    [InlineData("(SOC-1)", "SOC-1")]
    [InlineData("[SOC-3], SOC-4; SOC-5!", "SOC-3,SOC-4,SOC-5")]
    [InlineData("SOC-1/DEVHOP-2", "SOC-1,DEVHOP-2")]
    [InlineData("Fixes #12 and refs/heads/soc-40-x", "SOC-40")]
    [InlineData("line one\nDEVHOP-200\r\nline three", "DEVHOP-200")]
    [InlineData("xSOC-1", "XSOC-1")]
    [InlineData("SOC-12a", "")]
    [InlineData("SOC-01", "")]
    [InlineData("SOC-0", "")]
    [InlineData("1SOC-1", "")]
    [InlineData("_SOC-1", "")]
    [InlineData("SOC_-1", "SOC_-1")]
    [InlineData("SOC-", "")]
    [InlineData("-1", "")]
    [InlineData("SOC-1_2", "")]
    [InlineData("éSOC-1", "")]
    [InlineData("UTF-8 text", "UTF-8")]
    [InlineData("", "")]
    public void Finds_the_keys_a_text_names(string text, string expected)
    {
        var keys = TicketKeys.Extract([text]);

        keys.Should().Equal(expected.Length == 0 ? [] : expected.Split(','));
    }

    [Fact]
    public void Reports_keys_in_order_of_first_appearance_across_texts() =>
        TicketKeys.Extract(["DEVHOP-2 title", "body names soc-1 and DEVHOP-2", "feature/SOC-3"])
            .Should().Equal("DEVHOP-2", "SOC-1", "SOC-3");

    [Theory]
    [InlineData("SOC-1", "SOC")]
    [InlineData("DEV_OPS-12", "DEV_OPS")]
    [InlineData("ABC2-7", "ABC2")]
    public void Takes_the_project_from_a_key(string key, string project) =>
        TicketKeys.ProjectOf(key).Should().Be(project);

    [Fact]
    public void Agrees_with_the_reference_pattern_on_random_text()
    {
        const string alphabet = "sSoOcC1209_-- .x/é²Ⅻ(";
        var random = new Random(20261129);
        for (var i = 0; i < 5000; i++)
        {
            var text = new StringBuilder();
            for (var length = random.Next(1, 24); length > 0; length--)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var expected = ReferencePattern().Matches(text.ToString()).Select(m => m.Value.ToUpperInvariant()).Distinct().ToList();

            TicketKeys.Extract([text.ToString()]).Should().Equal(expected, "for the text '{0}'", text);
        }
    }

    // The definition in docs/plugins.md ("Ticket keys"), as a regular expression.
    [GeneratedRegex(@"(?<![\p{L}\p{N}_])[A-Za-z][A-Za-z0-9_]*-[1-9][0-9]*(?![\p{L}\p{N}_])", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
