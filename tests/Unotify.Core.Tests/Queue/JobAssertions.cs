using Unotify.Core.Queue;
using Unotify.Sdk;

namespace Unotify.Core.Tests.Queue;

/// <summary>Compares jobs and events field by field, the payload byte by byte.</summary>
internal static class JobAssertions
{
    public static void ShouldEqual(this Job actual, Job expected)
    {
        actual.Should().BeEquivalentTo(expected, options => options.Excluding(job => job.Event.Payload));
        actual.Event.Payload.ToArray().Should().Equal(expected.Event.Payload.ToArray());
    }

    public static void ShouldEqual(this WebhookEvent actual, WebhookEvent expected)
    {
        actual.Should().BeEquivalentTo(expected, options => options.Excluding(e => e.Payload));
        actual.Payload.ToArray().Should().Equal(expected.Payload.ToArray());
    }
}
