using System.Text;
using Unotify.Core.History;
using Unotify.Core.Queue;
using Unotify.Testing.Redis;

namespace Unotify.Core.Tests.History;

public sealed class KeptEventFormTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_stored_form_that_holds_its_payload_is_kept_compressed_and_unpacked_byte_for_byte()
    {
        var stored = Stored(PullRequestLike(28 * 1024));

        var packed = KeptEventForm.Pack(stored);

        Encoding.ASCII.GetString(packed.Span[..40]).Should().StartWith($"unotify-kept/1 brotli bytes={stored.Length}\n");
        packed.Length.Should().BeLessThan(stored.Length / 3);
        KeptEventForm.Unpack(packed.ToArray()).Should().Equal(stored);
    }

    [Fact]
    public void Small_forms_and_forms_whose_payload_is_in_parts_or_a_file_are_kept_as_they_are_and_read_as_they_were()
    {
        var small = Stored("""{"action":"closed"}"""u8.ToArray());
        var payload = new byte[JobJson.PartBytes + 1];
        var inParts = JobJson.Serialize(Job(payload));
        var inFile = JobJson.Serialize(Job(payload) with { PayloadFile = Unotify.Core.Storage.PayloadFiles.NameOf(payload) });

        foreach (var stored in new[] { small, inParts, inFile })
        {
            KeptEventForm.Pack(stored).ToArray().Should().Equal(stored);
            KeptEventForm.Unpack(stored).Should().BeSameAs(stored, "an event kept by an earlier version, uncompressed, is read as it is");
        }
    }

    [Theory]
    [InlineData("unotify-kept/1 brotli bytes=\nxx")]
    [InlineData("unotify-kept/1 brotli bytes=-4\nxx")]
    [InlineData("unotify-kept/1 brotli bytes=999999999999\nxx")]
    [InlineData("unotify-kept/1 brotli bytes=100")]
    public void A_kept_header_without_a_size_is_refused_with_a_clear_error(string kept)
    {
        FluentActions.Invoking(() => KeptEventForm.Unpack(Encoding.ASCII.GetBytes(kept))).Should().Throw<InvalidDataException>()
            .WithMessage("A kept event's unotify-kept/1 header does not say its size*");
    }

    [Fact]
    public void Compressed_bytes_cut_short_or_of_another_size_are_refused_with_a_clear_error()
    {
        var stored = Stored(PullRequestLike(28 * 1024));
        var packed = KeptEventForm.Pack(stored).ToArray();
        var header = Array.IndexOf(packed, (byte)'\n') + 1;

        FluentActions.Invoking(() => KeptEventForm.Unpack(packed[..(packed.Length / 2)])).Should().Throw<InvalidDataException>()
            .WithMessage($"A kept event's compressed bytes do not give back the {stored.Length} bytes its header says*");
        var lying = Encoding.ASCII.GetBytes($"unotify-kept/1 brotli bytes={stored.Length + 10}\n").Concat(packed[header..]).ToArray();
        FluentActions.Invoking(() => KeptEventForm.Unpack(lying)).Should().Throw<InvalidDataException>()
            .WithMessage($"A kept event's compressed bytes do not give back the {stored.Length + 10} bytes its header says*");
    }

    /// <summary>A pull request's JSON of about <paramref name="bytes"/> bytes: the repeated names and URLs real webhooks carry.</summary>
    internal static byte[] PullRequestLike(int bytes)
    {
        var text = new StringBuilder("""{"action":"closed","number":7,"pull_request":{"title":"SOC-1 fix login","files":[""");
        for (var i = 0; text.Length < bytes; i++)
        {
            text.Append(i == 0 ? "" : ",").Append($$"""{"sha":"{{(i * 2654435761L % 0xffffffffL):x8}}","filename":"src/module-{{i % 17}}/file-{{i}}.cs","url":"https://api.github.com/repos/acme/api/contents/src/module-{{i % 17}}/file-{{i}}.cs","status":"modified"}""");
        }

        return Encoding.UTF8.GetBytes(text.Append("]}}").ToString());
    }

    private static Job Job(byte[] payload) => new("job-1", "atlassian", SomeEvents.PullRequestMerged("d1") with { Payload = payload }, 1, T0, null);

    private static byte[] Stored(byte[] payload) => JobJson.Serialize(Job(payload));
}
