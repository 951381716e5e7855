using Unotify.Sdk;

namespace Unotify.Sdk.Tests;

public sealed class ProcessorSettingsTests
{
    private static ProcessorSettings Settings(params (string Key, string Value)[] values) =>
        new("atlassian", values.Select(v => KeyValuePair.Create(v.Key, v.Value)));

    [Fact]
    public void Keys_compare_case_insensitively()
    {
        Settings(("Base_URL", "https://acme.atlassian.net")).GetString("base_url").Should().Be("https://acme.atlassian.net");
    }

    [Fact]
    public void An_empty_value_reads_as_absent()
    {
        Settings(("email", "")).GetString("email").Should().BeNull();
    }

    [Fact]
    public void A_missing_required_setting_names_the_worker_the_key_and_where_to_add_it()
    {
        var act = () => Settings().GetRequiredString("api_token");

        act.Should().Throw<ProcessorSettingsException>()
            .WithMessage("worker 'atlassian': setting 'api_token' is required; add it under settings: in workers.yaml.");
    }

    [Fact]
    public void Reads_booleans_and_rejects_anything_else_with_the_value_and_what_was_expected()
    {
        Settings(("dry_run", "true")).GetBoolean("dry_run", false).Should().BeTrue();
        Settings().GetBoolean("dry_run", true).Should().BeTrue();

        var act = () => Settings(("dry_run", "yes please")).GetBoolean("dry_run", false);

        act.Should().Throw<ProcessorSettingsException>()
            .WithMessage("worker 'atlassian': setting 'dry_run' is 'yes please', which is not true or false; fix it under settings: in workers.yaml.");
    }

    [Fact]
    public void Reads_whole_numbers_and_rejects_fractions()
    {
        Settings(("max_parallel", "8")).GetInt32("max_parallel", 4).Should().Be(8);
        Settings().GetInt32("max_parallel", 4).Should().Be(4);

        var act = () => Settings(("max_parallel", "2.5")).GetInt32("max_parallel", 4);

        act.Should().Throw<ProcessorSettingsException>().WithMessage("*'max_parallel' is '2.5', which is not a whole number*");
    }

    [Fact]
    public void Reads_durations_and_rejects_zero_or_nonsense()
    {
        Settings(("timeout", "10s")).GetDuration("timeout", TimeSpan.FromSeconds(1)).Should().Be(TimeSpan.FromSeconds(10));
        Settings().GetDuration("timeout", TimeSpan.FromSeconds(1)).Should().Be(TimeSpan.FromSeconds(1));

        var zero = () => Settings(("timeout", "0s")).GetDuration("timeout", TimeSpan.FromSeconds(1));
        var nonsense = () => Settings(("timeout", "soon")).GetDuration("timeout", TimeSpan.FromSeconds(1));

        zero.Should().Throw<ProcessorSettingsException>().WithMessage("*'timeout' is '0s'*positive duration*");
        nonsense.Should().Throw<ProcessorSettingsException>().WithMessage("*'timeout' is 'soon'*");
    }

    [Fact]
    public void Reads_a_list_from_numbered_keys_in_order()
    {
        Settings(("projects:1", "soc"), ("projects:0", "devhop")).GetList("projects").Should().Equal("devhop", "soc");
    }

    [Fact]
    public void Reads_a_list_written_as_one_comma_separated_value()
    {
        Settings(("projects", "devhop, soc")).GetList("projects").Should().Equal("devhop", "soc");
        Settings().GetList("projects").Should().BeEmpty();
    }
}
