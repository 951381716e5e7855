using System.Text;

namespace Unotify.Host.Tests.Cli;

public sealed class HclCommandTests : IDisposable
{
    private readonly CliFiles _files = new();

    [Fact]
    public async Task Prints_the_document_as_canonical_JSON_and_exits_0()
    {
        var path = _files.Write("small.hcl", """
            zeta = 1.50
            alpha = { b = "two", a = [true, null] }
            greeting = "hello ${name}"
            text = <<-EOF
              hi
              EOF
            block "one" two { }
            """);

        var result = await UnotifyCli.RunAsync("hcl", path);

        result.Should().Be(new CliResult(0, """
            {
              "attributes": {
                "alpha": {
                  "a": [
                    true,
                    null
                  ],
                  "b": "two"
                },
                "greeting": {
                  "expr": "\"hello ${name}\""
                },
                "text": "hi\n",
                "zeta": 1.50
              },
              "blocks": [
                {
                  "type": "block",
                  "labels": [
                    "one",
                    "two"
                  ],
                  "body": {
                    "attributes": {},
                    "blocks": []
                  }
                }
              ]
            }

            """, ""));
    }

    [Fact]
    public async Task A_parse_error_is_printed_as_FILE_LINE_COLUMN_message_on_standard_error_and_exits_1()
    {
        var path = _files.Write("bad.hcl", "a = 1\nblock \"x\" {\n  b = \n}\n");

        var result = await UnotifyCli.RunAsync("hcl", path);

        result.Should().Be(new CliResult(1, "", $"{path}:3:7: Invalid expression; expected expression, but found a newline.\n"));
    }

    [Fact]
    public async Task Bytes_that_are_not_UTF_8_are_an_error_at_their_line_and_column()
    {
        var path = _files.WriteBytes("latin1.hcl", [.. Encoding.UTF8.GetBytes("a = 1\nb = \""), 0xFF, .. Encoding.UTF8.GetBytes("\"\n")]);

        var result = await UnotifyCli.RunAsync("hcl", path);

        result.Should().Be(new CliResult(1, "", $"{path}:2:6: Invalid character encoding: byte 0xFF is not valid UTF-8; HCL files must be UTF-8 encoded.\n"));
    }

    [Fact]
    public async Task A_missing_file_is_named_and_exits_1()
    {
        var path = _files.Missing("nowhere.hcl");

        var result = await UnotifyCli.RunAsync("hcl", path);

        result.Should().Be(new CliResult(1, "", $"unotify hcl: cannot read {path} ({path}): no such file; check the path\n"));
    }

    [Fact]
    public async Task A_directory_is_named_as_one_and_exits_1()
    {
        var directory = Path.GetDirectoryName(_files.Missing("x"))!;

        var result = await UnotifyCli.RunAsync("hcl", directory);

        result.ExitCode.Should().Be(1);
        result.Error.Should().Be($"unotify hcl: cannot read {directory} ({directory}): it is a directory; name a file\n");
    }

    public void Dispose() => _files.Dispose();
}
