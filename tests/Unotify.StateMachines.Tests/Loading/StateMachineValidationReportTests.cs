using static Unotify.StateMachines.Tests.Machines;

namespace Unotify.StateMachines.Tests.Loading;

/// <summary>What <c>unotify validate</c> prints: every diagnostic, then a summary per file.</summary>
public sealed class StateMachineValidationReportTests
{
    [Fact]
    public void Lists_every_diagnostic_then_one_summary_line_per_file()
    {
        var broken = StateMachineLoader.Load(
            Soc(SocAliases, "initial = \"todo\"", "state \"to_do\" \"next\" { transition = \"<end>\" }", "state \"qa\" \"next\" { transition = \"<end>\" }"),
            "broken.hcl");
        var warned = StateMachineLoader.Load(
            Soc(SocAliases, "initial = \"to_do\"", "state \"to_do\" \"next\" { transition = \"<end>\" }", "state \"done\" \"next\" { transition = \"<end>\" }"),
            "warned.hcl");
        var clean = StateMachineLoader.Load(SocNested, "clean.hcl");

        var report = new StateMachineValidationReport([broken, warned, clean]);

        report.HasErrors.Should().BeTrue();
        report.ErrorCount.Should().Be(2);
        report.WarningCount.Should().Be(1);
        report.Format().Should().Be("""
            broken.hcl:6:15: error: initial state "todo" is not a state of statemachine "soc"; use one of: to_do, qa
            broken.hcl:8:11: error: state "qa" of statemachine "soc" has no alias; add qa: "<Jira status>" to the aliases of aliasmapper "soc"
            warned.hcl:8:11: warning: state "done" of statemachine "soc" cannot be reached from initial state "to_do"; add a transition to it or remove it
            broken.hcl: 2 errors, 0 warnings
            warned.hcl: ok, 1 state machine (soc), 1 warning
            clean.hcl: ok, 1 state machine (soc), 0 warnings

            """);
    }

    [Fact]
    public async Task Loads_each_file_it_is_given()
    {
        var report = await StateMachineValidationReport.ForFilesAsync(
            [ShippedConfig.Path, Path.Combine(AppContext.BaseDirectory, "no-such.hcl")],
            CancellationToken.None);

        report.Results.Select(r => r.Succeeded).Should().Equal(true, false);
        report.HasErrors.Should().BeTrue();
    }
}
