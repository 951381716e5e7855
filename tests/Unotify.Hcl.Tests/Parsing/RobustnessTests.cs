using System.Diagnostics;
using System.Text;
using Unotify.Hcl;

namespace Unotify.Hcl.Tests.Parsing;

public sealed class RobustnessTests
{
    private const string ValidSample = """
        # A file using most of the syntax, to mutate.
        provisioner "soc" {
          aliasmapper "soc" {
            aliases = { to_do: "To Do", in_progress = "In Progress", "done": "Done", }
          }
          statemachine soc {
            initial = "to_do"
            state "to_do" "next" { transition = "in_progress" }
            list = [1, 2.5e3, true, null, -x, !y, (z)]
            calc = a.b[0].*.c + f(1, [2]...) * 3 % 4 / 5 - 6 <= 7 == false || x && y != z ? "t${v}" : <<-EOT
              heredoc ${w} %{ if q ~} yes %{~ else } no %{ endif }
              EOT
            loop = [for i, v in xs : v if i > 0]
            map = {for k, v in m : k => v... if v != null}
            /* block comment */ esc = "\n\t\"\\ \u00e9 \U0001F600 $${x} %%{y}"
          }
        }
        """;

    [Fact]
    public void The_sample_used_for_mutations_is_valid()
    {
        HclText.Parse(ValidSample).Body.Blocks.Should().ContainSingle();
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_a_clear_error_not_a_stack_overflow()
    {
        var deep = "a = " + new string('[', 100_000);

        var error = HclText.Error(deep);

        error.Position.Should().Be(new SourcePosition(1, 4 + 257, 4 + 256));
        error.Message.Should().StartWith("Nesting too deep: brackets, braces, blocks, templates and prefix operators may nest at most 256 levels.");
    }

    [Theory]
    [InlineData("(", ")")]
    [InlineData("[", "]")]
    [InlineData("{x = ", "}")]
    [InlineData("\"${", "}\"")]
    [InlineData("f(", ")")]
    public void Nesting_up_to_the_limit_parses(string open, string close)
    {
        var depth = ParseSession.MaxDepth - 1;
        var text = "a = " + string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));

        HclParser.TryParse(text, "deep.hcl").IsSuccess.Should().BeTrue();
        HclParser.TryParse("a = " + string.Concat(Enumerable.Repeat(open, depth + 2)) + "1" + string.Concat(Enumerable.Repeat(close, depth + 2)), "deep.hcl")
            .Error!.Message.Should().StartWith("Nesting too deep");
    }

    [Fact]
    public void Deeply_nested_blocks_and_prefix_operators_are_limited_too()
    {
        HclText.Error(string.Concat(Enumerable.Repeat("b {\n", 1000))).Message.Should().StartWith("Nesting too deep");
        HclText.Error("a = " + new string('-', 500_000) + "1").Message.Should().StartWith("Nesting too deep");
    }

    [Theory]
    [InlineData("a = \"", "x", "\"")]
    [InlineData("# ", "x", "")]
    [InlineData("a = 1", "+1", "")]
    [InlineData("a = [", "1,", "]")]
    [InlineData("a = ", "x", "")]
    [InlineData("a = <<EOT\n", "x", "\nEOT\n")]
    public void A_one_megabyte_line_parses(string prefix, string repeated, string suffix)
    {
        var text = prefix + new StringBuilder().Insert(0, repeated, 1_000_000 / repeated.Length) + suffix;

        var result = HclParser.TryParse(text, "long.hcl");

        result.IsSuccess.Should().BeTrue(result.Error?.ToString());
    }

    [Fact]
    public void Random_bytes_and_mutations_of_a_valid_file_only_ever_give_parse_errors()
    {
        var random = new Random(20261129);
        var valid = Encoding.UTF8.GetBytes(ValidSample);
        var alphabet = Encoding.ASCII.GetBytes("{}[]()\"'$%~<>-=:,.*!?&|#/\\ \t\r\nabcEOT019_eu+");
        var clock = Stopwatch.StartNew();
        var inputs = 0;
        var failures = 0;
        while (inputs < 6000 && clock.Elapsed < TimeSpan.FromSeconds(12))
        {
            var input = (inputs % 3) switch
            {
                0 => RandomBytes(random, alphabet),
                1 => Mutate(random, valid, alphabet, edits: 1 + random.Next(4)),
                _ => Mutate(random, valid, alphabet, edits: 1 + random.Next(40)),
            };
            inputs++;

            try
            {
                var result = HclParser.TryParse(input, "fuzz.hcl");
                if (!result.IsSuccess)
                {
                    failures++;
                    result.Error.Line.Should().BePositive();
                    result.Error.Offset.Should().BeInRange(0, input.Length);
                }
            }
            catch (Exception exception)
            {
                throw new Xunit.Sdk.XunitException(
                    $"Input {inputs} made the parser throw {exception.GetType().Name}: {exception.Message}\n" +
                    $"Input (base64): {Convert.ToBase64String(input)}\n{exception}");
            }
        }

        inputs.Should().BeGreaterThan(1000, "the test should exercise many inputs");
        failures.Should().BeGreaterThan(0, "random input is rarely valid HCL");
    }

    private static byte[] RandomBytes(Random random, byte[] alphabet)
    {
        var bytes = new byte[random.Next(0, 200)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = random.Next(3) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
        }

        return bytes;
    }

    private static byte[] Mutate(Random random, byte[] valid, byte[] alphabet, int edits)
    {
        var bytes = new List<byte>(valid);
        for (var edit = 0; edit < edits && bytes.Count > 0; edit++)
        {
            var at = random.Next(bytes.Count);
            var value = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            switch (random.Next(3))
            {
                case 0: bytes.Insert(at, value); break;
                case 1: bytes.RemoveAt(at); break;
                default: bytes[at] = value; break;
            }
        }

        return [.. bytes];
    }
}
