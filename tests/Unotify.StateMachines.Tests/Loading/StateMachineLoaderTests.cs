using static Unotify.StateMachines.Tests.Machines;

namespace Unotify.StateMachines.Tests.Loading;

/// <summary>Loading text and files: HCL errors and unreadable files become diagnostics, never exceptions.</summary>
public sealed class StateMachineLoaderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("unotify-sm-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Turns_an_hcl_syntax_error_into_an_error_diagnostic_at_its_position()
    {
        const string text = "provisioner \"soc\" {\n  aliasmapper \"soc\" {\n";
        var parseError = Unotify.Hcl.HclParser.TryParse(text, FileName).Error!;

        var result = Load(text);

        result.Set.Should().BeNull();
        result.Diagnostics.Should().Equal(
            new Diagnostic(DiagnosticSeverity.Error, FileName, parseError.Line, parseError.Column, parseError.Message));
    }

    [Fact]
    public void Prints_diagnostics_as_file_line_column_severity_and_message()
    {
        new Diagnostic(DiagnosticSeverity.Error, "jira.hcl", 3, 5, "bad").ToString().Should().Be("jira.hcl:3:5: error: bad");
        new Diagnostic(DiagnosticSeverity.Warning, "jira.hcl", 7, 1, "odd").ToString().Should().Be("jira.hcl:7:1: warning: odd");
    }

    [Fact]
    public void Loads_a_file_naming_it_in_diagnostics_as_given()
    {
        var path = Path.Combine(_folder, "jira.hcl");
        File.WriteAllText(path, SocNested.Replace("\"to_do\"\n", "\"todo\"\n", StringComparison.Ordinal));

        var result = StateMachineLoader.LoadFile(path);

        result.File.Should().Be(path);
        result.Diagnostics.Should().ContainSingle().Which.ToString().Should().StartWith($"{path}:6:15: error: initial state \"todo\"");
    }

    [Fact]
    public async Task Loads_a_file_asynchronously_like_synchronously()
    {
        var path = Path.Combine(_folder, "jira.hcl");
        await File.WriteAllTextAsync(path, SocNested);

        var result = await StateMachineLoader.LoadFileAsync(path, CancellationToken.None);

        result.Succeeded.Should().BeTrue();
        result.Set!.ProjectKeys.Should().Equal("soc");
    }

    [Fact]
    public async Task Reports_a_missing_file_as_an_error_naming_its_full_path()
    {
        var path = Path.Combine(_folder, "missing.hcl");

        var results = new[] { StateMachineLoader.LoadFile(path), await StateMachineLoader.LoadFileAsync(path, CancellationToken.None) };

        foreach (var result in results)
        {
            result.Set.Should().BeNull();
            result.Diagnostics.Select(d => d.ToString()).Should().Equal(
                $"{path}:1:1: error: state-machine file not found: {path} does not exist; check the path (statefile in workers.yaml is relative to statemachines/ beside it)");
        }
    }

    [Fact]
    public void Reports_a_folder_given_as_the_file_as_an_error_instead_of_throwing()
    {
        var result = StateMachineLoader.LoadFile(_folder);

        result.Set.Should().BeNull();
        result.Diagnostics.Should().ContainSingle().Which.Message.Should().StartWith($"state-machine file {_folder} cannot be read: ");
    }
}
