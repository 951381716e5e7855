using System.Text;
using Unotify.Core.Queue;
using Unotify.Sdk;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.Queue;

public sealed class JobJsonTests
{
    private static readonly Job SomeJob = new(
        "job-1", "atlassian",
        SomeEvents.PullRequestMerged() with { Payload = Encoding.UTF8.GetBytes("""{"title":"SOC-1 \"quoted\" <b>&</b>","body":"ünïcødé ✓"}""") },
        3, new DateTimeOffset(2026, 11, 29, 4, 0, 0, TimeSpan.Zero), "Jira answered 503");

    [Fact]
    public void A_job_survives_the_round_trip_through_its_stored_form()
    {
        JobJson.Deserialize(JobJson.Serialize(SomeJob)).ShouldEqual(SomeJob);
    }

    [Fact]
    public void A_job_with_megabytes_of_texts_survives_the_round_trip_and_the_next_small_job_is_written_whole()
    {
        // Escapes and multi-byte characters make the metadata larger than the texts' length: the up-front estimate must
        // not cut it, and the per-thread buffer the next job uses must not keep the large one's bytes.
        var texts = string.Concat(Enumerable.Repeat("SOC-1 \"quoted\"\n✓ ", 200_000));
        var large = SomeJob with { Event = SomeJob.Event with { Texts = [new EventText(TextSource.Body, texts)] } };

        JobJson.Deserialize(JobJson.Serialize(large)).ShouldEqual(large);
        JobJson.Deserialize(JobJson.Serialize(SomeJob)).ShouldEqual(SomeJob);
        JobJson.Deserialize(JobJson.Serialize(large)).ShouldEqual(large);
    }

    [Fact]
    public void Stores_the_payload_verbatim_after_one_line_of_metadata()
    {
        var stored = JobJson.Serialize(SomeJob);

        var text = Encoding.UTF8.GetString(stored);
        var lines = text.Split('\n', 3);
        lines[0].Should().Be("unotify-job/2");
        lines[1].Should().StartWith("{\"id\":\"job-1\"").And.NotContain("payload");
        stored.AsSpan(stored.Length - SomeJob.Event.Payload.Length).ToArray().Should().Equal(SomeJob.Event.Payload.ToArray());
    }

    [Fact]
    public void Hands_the_payload_back_as_a_slice_of_the_stored_bytes_without_copying_it()
    {
        var stored = JobJson.Serialize(SomeJob);

        var payload = JobJson.Deserialize(stored).Event.Payload;

        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(payload, out var segment).Should().BeTrue();
        segment.Array.Should().BeSameAs(stored);
    }

    [Fact]
    public void A_payload_with_line_breaks_one_that_is_not_utf8_and_an_empty_payload_survive_the_round_trip()
    {
        var multiline = SomeJob with { Event = SomeJob.Event with { Payload = "{\n  \"a\": \"b\\nc\"\n}\r\n"u8.ToArray() } };
        var binary = SomeJob with { Event = SomeJob.Event with { Payload = new byte[] { 0xFF, 0x0A, 0x00, 0xC3 } } };
        var empty = SomeJob with { Event = SomeJob.Event with { Payload = ReadOnlyMemory<byte>.Empty } };

        JobJson.Deserialize(JobJson.Serialize(multiline)).ShouldEqual(multiline);
        JobJson.Deserialize(JobJson.Serialize(binary)).ShouldEqual(binary);
        JobJson.Deserialize(JobJson.Serialize(empty)).ShouldEqual(empty);
    }

    [Theory]
    [InlineData("unotify-job/2\n{\"id\":\"job-1\"")]
    [InlineData("unotify-job/2\nnot json\n{}")]
    [InlineData("unotify-job/2\n{\"id\":\"job-1\",\"worker\":\"w\"}\n{}")]
    [InlineData("{\"id\":\"job-1\",\"worker\":\"atlassian\"}")]
    [InlineData("")]
    public void Rejects_stored_bytes_that_are_not_a_job_with_a_clear_error(string stored)
    {
        var read = () => JobJson.Deserialize(Encoding.UTF8.GetBytes(stored));

        read.Should().Throw<InvalidDataException>().WithMessage("A stored job*");
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
        var large = small with { Event = small.Event with { Payload = new byte[StoredJob.MaxPooledLength] } };

        var rented = JobJson.SerializePooled(small);
        var own = JobJson.SerializePooled(large);

        rented.IsPooled.Should().BeTrue();
        own.IsPooled.Should().BeFalse();
        own.Memory.ToArray().Should().Equal(JobJson.Serialize(large));
        rented.Return();
        own.Return();
    }

    [Theory]
    [InlineData(JobJson.PartBytes, 0)]
    [InlineData(JobJson.PartBytes + 1, 2)]
    [InlineData(3 * JobJson.PartBytes, 3)]
    public void A_payload_over_a_megabyte_is_stored_beside_the_job_in_parts_and_read_back_whole(int payloadBytes, int parts)
    {
        var job = SomeJob with { Event = SomeJob.Event with { Payload = Enumerable.Range(0, payloadBytes).Select(i => (byte)(i * 31 % 251)).ToArray() } };

        var stored = JobJson.Serialize(job);
        var cut = JobJson.Parts(job.Event.Payload).Select(part => part.ToArray()).ToArray();

        JobJson.PartsOf(stored).Should().Be(parts);
        cut.Should().HaveCount(parts);
        if (parts > 0)
        {
            cut.Select(part => part.Length).Should().OnlyContain(length => length > 0 && length <= JobJson.PartBytes);
            Encoding.ASCII.GetString(stored).Split('\n')[0].Should().Be($"unotify-job/3 parts={parts} bytes={payloadBytes}");
            stored.Length.Should().BeLessThan(4096, "the payload is not in the stored form");
            JobJson.DeserializeJoined(stored, Joined(stored, cut)).ShouldEqual(job);
            JobJson.DeserializeWithoutParts(stored).Event.Payload.Length.Should().Be(0);
            JobJson.Serialize(job, inline: true).Length.Should().BeGreaterThan(payloadBytes, "inline keeps the payload in the stored form");
            JobJson.Deserialize(JobJson.Serialize(job, inline: true)).ShouldEqual(job);
        }
        else
        {
            JobJson.Deserialize(stored).ShouldEqual(job);
        }
    }

    [Fact]
    public void A_job_stored_in_parts_is_refused_with_a_clear_error_when_a_part_is_missing_or_of_the_wrong_size_or_its_parts_were_not_read()
    {
        var job = SomeJob with { Event = SomeJob.Event with { Payload = new byte[(2 * JobJson.PartBytes) + 10] } };
        var stored = JobJson.Serialize(job);
        var parts = JobJson.Parts(job.Event.Payload).Select(part => part.ToArray()).ToArray();

        var payload = new byte[job.Event.Payload.Length];

        FluentActions.Invoking(() => JobJson.Deserialize(stored)).Should().Throw<InvalidDataException>().WithMessage("A stored job's payload is in 3 parts, which were not read.");
        FluentActions.Invoking(() => JobJson.CopyPart(payload, 3, 2, [], missing: true)).Should().Throw<InvalidDataException>()
            .WithMessage("Part 2 of 3 of a stored job's payload is missing.");
        FluentActions.Invoking(() => JobJson.CopyPart(payload, 3, 3, parts[1], missing: false)).Should().Throw<InvalidDataException>()
            .WithMessage($"Part 3 of 3 of a stored job's payload has {JobJson.PartBytes} bytes instead of 10.");
        FluentActions.Invoking(() => JobJson.DeserializeJoined(stored, new byte[2 * JobJson.PartBytes])).Should().Throw<InvalidDataException>()
            .WithMessage($"A stored job's payload has {payload.Length} bytes, but {2 * JobJson.PartBytes} were read.");
        FluentActions.Invoking(() => JobJson.DeserializeJoined(JobJson.Serialize(SomeJob), payload)).Should().Throw<InvalidDataException>()
            .WithMessage("A stored job with its payload inside it was read with parts.");
    }

    /// <summary>The payload of <paramref name="stored"/> put together from <paramref name="parts"/> as the store's readers do.</summary>
    private static byte[] Joined(byte[] stored, byte[][] parts)
    {
        var (count, payloadBytes) = JobJson.PartsLayout(stored);
        var payload = new byte[payloadBytes];
        for (var number = 1; number <= count; number++)
        {
            JobJson.CopyPart(payload, count, number, parts[number - 1], missing: false);
        }

        return payload;
    }

    [Theory]
    [InlineData("unotify-job/3 parts=2\n{}\n")]
    [InlineData("unotify-job/3 parts=2 bytes=10\n{}\n")]
    [InlineData("unotify-job/3 parts=x bytes=2097152\n{}\n")]
    [InlineData("unotify-job/3 parts=0 bytes=0\n{}\n")]
    [InlineData("unotify-job/3 parts=2 bytes=2097152")]
    public void Rejects_a_parts_header_that_does_not_add_up(string stored)
    {
        FluentActions.Invoking(() => JobJson.PartsOf(Encoding.UTF8.GetBytes(stored))).Should().Throw<InvalidDataException>()
            .WithMessage("A stored job's unotify-job/3 header does not say how many parts*");
    }

    [Fact]
    public void A_job_that_names_its_payload_file_is_stored_without_the_payload_and_read_back_with_it_whatever_the_layout_asked()
    {
        var payload = Encoding.UTF8.GetBytes(new string('p', JobJson.PartBytes + 10));
        var name = Unotify.Core.Storage.PayloadFiles.NameOf(payload);
        var job = SomeJob with { Event = SomeJob.Event with { Payload = payload }, PayloadFile = name };

        foreach (var inline in new[] { true, false })
        {
            var stored = JobJson.Serialize(job, inline);
            Encoding.ASCII.GetString(stored, 0, 100).Should().StartWith($"unotify-job/4 file={name} bytes={payload.Length}\n");
            stored.Length.Should().BeLessThan(1024);
            (JobJson.HoldsPayload(stored), JobJson.PartsOf(stored), JobJson.FileOf(stored)).Should().Be((false, 0, (name, payload.Length)));
            var read = JobJson.DeserializeJoined(stored, payload);
            read.Event.Payload.ToArray().Should().Equal(payload);
            read.PayloadFile.Should().Be(name, "a rewrite of the job (a retry) names the file again");
            JobJson.DeserializeWithoutParts(stored).Event.Payload.Length.Should().Be(0);
            FluentActions.Invoking(() => JobJson.Deserialize(stored)).Should().Throw<InvalidDataException>().WithMessage($"A stored job's payload is in file {name}, which was not read.");
        }
    }

    [Fact]
    public void A_scan_finds_the_file_a_value_names_and_nothing_in_values_that_are_not_such_jobs()
    {
        var name = new string('0', 63) + "f";

        JobJson.FileNamedBy(Encoding.ASCII.GetBytes($"unotify-job/4 file={name} bytes=2000000\n{{}}\n")).Should().Be(name);
        JobJson.FileNamedBy(Encoding.ASCII.GetBytes($"unotify-job/4 file={name}")).Should().Be(name, "a scan reads the first 128 bytes of a value");
        JobJson.FileNamedBy(JobJson.Serialize(SomeJob)).Should().BeNull();
        JobJson.FileNamedBy(Encoding.ASCII.GetBytes("unotify-job/4 file=../../etc/passwd-and-more-to-be-64-characters-long-xxxxxxxxxxxxxxxxxxxxxxx")).Should().BeNull();
        JobJson.FileNamedBy(Encoding.ASCII.GetBytes("1733560000000")).Should().BeNull();
        JobJson.FileNamedBy([]).Should().BeNull();
    }

    [Theory]
    [InlineData("unotify-job/4 file=abc bytes=10\n{}\n")]
    [InlineData("unotify-job/4 file=../../etc/passwd bytes=10\n{}\n")]
    [InlineData("unotify-job/4 file=0000000000000000000000000000000000000000000000000000000000000000\n{}\n")]
    [InlineData("unotify-job/4 file=0000000000000000000000000000000000000000000000000000000000000000 bytes=-1\n{}\n")]
    [InlineData("unotify-job/4 file=0000000000000000000000000000000000000000000000000000000000000000 bytes=10")]
    public void Rejects_a_file_header_that_does_not_name_a_payload_file_and_its_size(string stored)
    {
        FluentActions.Invoking(() => JobJson.FileOf(Encoding.UTF8.GetBytes(stored))).Should().Throw<InvalidDataException>()
            .WithMessage("A stored job's unotify-job/4 header does not name its payload's file and size*");
    }
}
