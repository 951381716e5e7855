using Unotify.Core.Queue;
using Unotify.Sdk;

namespace Unotify.Core.Tests.Queue;

/// <summary>A job handler made from a function, for tests.</summary>
internal sealed class JobHandlerFromDelegate(Func<Job, CancellationToken, Task<ProcessingResult>> handle) : IJobHandler
{
    public Task<ProcessingResult> HandleAsync(LeasedJob leased, CancellationToken cancellationToken) => handle(leased.Job, cancellationToken);
}
