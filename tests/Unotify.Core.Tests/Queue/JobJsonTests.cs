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
    public void Stores_the_payload_verbatim_after_one_line_of_metadata()
    {
        var stored = Encoding.UTF8.GetString(JobJson.Serialize(SomeJob));

        var lines = stored.Split('\n', 3);
        lines[0].Should().Be("unotify-job/2");
        lines[1].Should().StartWith("{\"id\":\"job-1\"").And.NotContain("raw_json");
        lines[2].Should().Be(SomeJob.Event.RawJson);
    }

    [Fact]
    public void A_payload_with_line_breaks_and_an_empty_payload_survive_the_round_trip()
    {
        var multiline = SomeJob with { Event = SomeJob.Event with { RawJson = "{\n  \"a\": \"b\\nc\"\n}\r\n" } };
        var empty = SomeJob with { Event = SomeJob.Event with { RawJson = "" } };

        JobJson.Deserialize(JobJson.Serialize(multiline)).Should().BeEquivalentTo(multiline);
        JobJson.Deserialize(JobJson.Serialize(empty)).Should().BeEquivalentTo(empty);
    }

    [Fact]
    public void Reads_jobs_stored_as_one_JSON_object_with_relaxed_escaping()
    {
        var relaxed = JsonSerializer.SerializeToUtf8Bytes(SomeJob, new StoreJsonContext(new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }).Job);

        JobJson.Deserialize(relaxed).Should().BeEquivalentTo(SomeJob);
    }

    [Theory]
    [InlineData("unotify-job/2\n{\"id\":\"job-1\"")]
    [InlineData("unotify-job/2\nnot json\n{}")]
    [InlineData("{\"id\":")]
    [InlineData("")]
    public void Rejects_stored_bytes_that_are_not_a_job_with_a_clear_error(string stored)
    {
        var read = () => JobJson.Deserialize(Encoding.UTF8.GetBytes(stored));

        read.Should().Throw<InvalidDataException>().WithMessage("A stored job*");
    }

    [Fact]
    public void Reads_jobs_stored_with_the_default_escaping_of_earlier_versions()
    {
        var earlier = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(SomeJob, StoreJsonContext.Default.Job));

        JobJson.Deserialize(earlier).Should().BeEquivalentTo(SomeJob);
    }

    [Fact]
    public void A_pooled_stored_form_is_the_stored_form_and_cannot_be_read_once_returned()
    {
        var job = new Job("j1", "atlassian", SomeEvents.PullRequestMerged("p1"), 1, DateTimeOffset.UnixEpoch, null);
        var pooled = JobJson.SerializePooled(job);

        pooled.Memory.ToArray().Should().Equal(JobJson.Serialize(job));
        pooled.Return();
        pooled.Return();

        pooled.Invoking(p => p.Memory).Should().Throw<ObjectDisposedException>().WithMessage("*already returned*");
    }

    [Fact]
    public void A_stored_form_over_a_megabyte_gets_an_array_of_its_own_and_a_smaller_one_is_rented()
    {
        var small = new Job("s", "atlassian", SomeEvents.PullRequestMerged("s"), 1, DateTimeOffset.UnixEpoch, null);
        var large = small with { Event = small.Event with { RawJson = $"\"{new string('x', StoredJob.MaxPooledLength)}\"" } };

        var rented = JobJson.SerializePooled(small);
        var own = JobJson.SerializePooled(large);

        rented.IsPooled.Should().BeTrue();
        own.IsPooled.Should().BeFalse();
        own.Memory.ToArray().Should().Equal(JobJson.Serialize(large));
        rented.Return();
        own.Return();
    }
}
