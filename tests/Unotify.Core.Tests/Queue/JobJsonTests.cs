using System.Text;
using System.Text.Json;
using Unotify.Core.Queue;
using Unotify.Core.Storage;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

public sealed class JobJsonTests
{
    private static readonly Job SomeJob = new(
        "job-1", "atlassian",
        SomeEvents.PullRequestMerged() with { RawJson = """{"title":"SOC-1 \"quoted\" <b>&</b>","body":"ünïcødé ✓"}""" },
        3, new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero), "Jira answered 503");

    [Fact]
    public void A_job_survives_the_round_trip_through_its_stored_form()
    {
        JobJson.Deserialize(JobJson.Serialize(SomeJob)).Should().BeEquivalentTo(SomeJob);
    }

    [Fact]
    public void Stores_the_payload_without_escaping_every_quote_and_non_ascii_character()
    {
        var stored = Encoding.UTF8.GetString(JobJson.Serialize(SomeJob));

        stored.Should().NotContain("\\u0022").And.Contain("{\\\"title\\\":").And.Contain("ünïcødé ✓");
    }

    [Fact]
    public void Reads_jobs_stored_with_the_default_escaping_of_earlier_versions()
    {
        var earlier = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(SomeJob, StoreJsonContext.Default.Job));

        JobJson.Deserialize(earlier).Should().BeEquivalentTo(SomeJob);
    }
}
