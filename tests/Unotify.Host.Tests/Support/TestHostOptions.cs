using Unotify.Host.Hosting;

namespace Unotify.Host.Tests.Support;

/// <summary>How a <see cref="TestHost"/> is started; the defaults give a GitHub provider and a recording worker.</summary>
public sealed record TestHostOptions
{
    public HostRole Role { get; init; } = HostRole.All;

    /// <summary>The admin token, or <see langword="null"/> to start with admin routes closed.</summary>
    public string? AdminToken { get; init; } = "test-admin-token";

    /// <summary>The workers.yaml text; <c>{github}</c>, <c>{recorder}</c> and <c>{dir}</c> are replaced by paths.</summary>
    public string WorkersYaml { get; init; } = """
        plugins: ["{github}", "{recorder}"]
        workers:
          recorder:
            on: { github: pull_request.merged }
            settings:
              output: "{dir}/recorded.jsonl"
              label: from-workers-yaml
        """;

    /// <summary>The Redis key prefix; a fresh one when <see langword="null"/>. Hosts sharing one form one installation.</summary>
    public string? KeyPrefix { get; init; }

    /// <summary>Where <c>{dir}</c> points (the recording processor's folder); the host's own temporary folder when <see langword="null"/>.</summary>
    public string? RecordDirectory { get; init; }

    /// <summary>Overrides the backend's connection string (e.g. an unreachable port).</summary>
    public string? RedisOverride { get; init; }

    /// <summary>What the host listens on.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:0";

    /// <summary>More command-line arguments (configuration keys such as <c>--Kestrel:Certificates:Default:Path</c>).</summary>
    public IReadOnlyList<string> ExtraArguments { get; init; } = [];

    /// <summary>Tracing set-up for the host (an in-memory exporter); tracing is off without it.</summary>
    public Action<OpenTelemetry.Trace.TracerProviderBuilder>? ConfigureTracing { get; init; }
}
