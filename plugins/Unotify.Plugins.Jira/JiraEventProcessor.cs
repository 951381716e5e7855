using Microsoft.Extensions.Logging;
using Unotify.Sdk;

namespace Unotify.Plugins.Jira;

/// <summary>
/// The <c>jira</c> processor: finds the ticket keys an event names (in its texts, and in those its provider finds beyond
/// the payload, <see cref="ProcessorContext.FindExtraTextsAsync"/>) and moves each ticket of the worker's projects one
/// step along its project's state machine (or by the event a command names), once per delivery; then adds the comments
/// asked for and a link to the pull request, commit or release.
/// </summary>
/// <remarks>
/// Settings are read in the constructor, so a missing credential or a bad value stops start-up with a
/// <see cref="ProcessorSettingsException"/>. A worker that names no Jira at all (a first run) starts with a warning
/// instead, and fails its jobs into the dead letters with the fix, to be replayed once Jira is configured.
/// One instance serves all of a worker's jobs concurrently.
/// </remarks>
[EventProcessor(ProcessorName, Simulates = true, Settings = [JiraSettingsReader.BaseUrlKey, JiraSettingsReader.EmailKey, JiraSettingsReader.ApiTokenKey, JiraSettingsReader.PersonalAccessTokenKey, JiraSettingsReader.ApiVersionKey, JiraSettingsReader.TimeoutKey, JiraSettingsReader.DryRunKey, JiraSettingsReader.MaxParallelKey, JiraSettingsReader.TransitionCacheTtlKey, JiraSettingsReader.TriggersKey + ":*", JiraSettingsReader.LinkKey, JiraSettingsReader.CommentOnMoveKey, JiraSettingsReader.MoveCommentKey])]
public sealed class JiraEventProcessor : IEventProcessor
{
    /// <summary>The processor's name in <c>workers.yaml</c>.</summary>
    public const string ProcessorName = "jira";

    private readonly JiraSettings? _settings;
    private readonly TicketMover? _mover;
    private readonly TicketCommenter? _commenter;
    private readonly RemoteLinker? _linker;
    private readonly IStateMachines _stateMachines;
    private readonly CommandReader _commands;

    /// <summary>Creates the processor for one worker whose calls to Jira wait their turn under the worker's <c>rate:</c>.</summary>
    /// <param name="logger">The start-up logger; jobs log through their context's logger.</param>
    /// <param name="httpClient">An HTTP client with nothing configured on it; the processor sets address, credentials and timeouts per request.</param>
    /// <param name="settings">The worker's settings, with <c>${ENV}</c> values resolved.</param>
    /// <param name="stateMachines">The worker's state machines and the event it fires.</param>
    /// <param name="timeProvider">The clock for request timeouts and <c>Retry-After</c> dates.</param>
    /// <param name="limiter">The worker's request limiter, awaited before every call to Jira.</param>
    /// <exception cref="ProcessorSettingsException">A setting is missing or invalid.</exception>
    public JiraEventProcessor(
        ILogger<JiraEventProcessor> logger, HttpClient httpClient, ProcessorSettings settings, IStateMachines stateMachines, TimeProvider timeProvider,
        IRequestLimiter limiter)
        : this(logger, httpClient, settings, stateMachines, timeProvider, limiter, Environment.GetEnvironmentVariable)
    {
    }

    internal JiraEventProcessor(
        ILogger<JiraEventProcessor> logger, HttpClient httpClient, ProcessorSettings settings, IStateMachines stateMachines, TimeProvider timeProvider,
        IRequestLimiter limiter, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(limiter);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(stateMachines);
        _stateMachines = stateMachines;
        _commands = JiraSettingsReader.ReadCommands(settings);
        if (JiraSettingsReader.IsUnconfigured(settings, environment))
        {
            logger.JiraNotConfigured(settings.WorkerName, JiraSettingsReader.HowToConfigure(settings.WorkerName));
            return;
        }

        _settings = JiraSettingsReader.Read(settings, environment);
        var jira = new JiraClient(httpClient, _settings, timeProvider, limiter);
        _commenter = new TicketCommenter(jira, _settings);
        var moveCommenter = _settings.MoveComment is null ? null : new MoveCommenter(_commenter, _settings.MoveComment);
        _mover = new TicketMover(jira, new TransitionCatalog(jira, _settings.TransitionCacheTtl), _settings, stateMachines, moveCommenter);
        _linker = _settings.Link ? new RemoteLinker(jira, _settings) : null;
        logger.ProcessorConfigured(settings.WorkerName, _settings.BaseUrl, _settings.ApiVersion, _settings.Credentials.Description, _settings.MaxParallel, _settings.DryRun);
    }

    /// <inheritdoc />
    public async Task<ProcessingResult> ProcessAsync(WebhookEvent webhookEvent, ProcessorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookEvent);
        ArgumentNullException.ThrowIfNull(context);

        // The texts the provider finds beyond the payload (a merged pull request's commits, a release's range) count
        // like the payload's own, after them.
        var extra = await context.FindExtraTextsAsync(webhookEvent, cancellationToken).ConfigureAwait(false);
        if (extra.Problem is { } problem)
        {
            return problem;
        }

        var texts = extra.Texts.Count == 0 ? webhookEvent.Texts : [.. webhookEvent.Texts, .. extra.Texts];
        var located = TicketKeys.Locate(webhookEvent with { Texts = texts });
        var keys = KeysOfHandledProjects(located, context.Logger);
        if (keys.Count == 0)
        {
            return ProcessingResult.Done($"no ticket keys of the worker's projects ({string.Join(", ", _stateMachines.Projects)})");
        }

        var sources = located.ToDictionary(location => location.Key, StringComparer.Ordinal);
        var commands = _commands.Read(texts, keys);
        var comments = CommandReader.ReadComments(texts, keys);
        if ((_mover is null || _settings is null) && context.Simulate)
        {
            // No Jira to read: what the state machine says for the statuses given, and "unknown" for the others.
            var planned = keys.Select(key => context.SimulatedStates.TryGetValue(key, out var given)
                ? TicketMover.Plan(_stateMachines, key, given, commands.GetValueOrDefault(key))
                : new TicketOutcome(key, TicketOutcomeKind.Skipped, $"{key}: status unknown (Jira is not configured and no status was given for it)"));
            return ProcessingResultComposer.Compose([.. planned], sources);
        }

        if (_mover is null || _settings is null || _commenter is null)
        {
            var reason = $"Jira is not configured, so {string.Join(", ", keys)} did not move. {JiraSettingsReader.HowToConfigure(context.WorkerName)}";
            var unmoved = ProcessingResultComposer.Compose([.. keys.Select(key => new TicketOutcome(key, TicketOutcomeKind.Failed, $"{key}: not moved (Jira is not configured)"))], sources);
            return ProcessingResult.Fail(reason, unmoved.Items);
        }

        var reference = CodeReference.Of(webhookEvent);
        var outcomes = new TicketOutcome[keys.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = _settings.MaxParallel, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, keys.Count), options, async (index, token) =>
        {
            var key = keys[index];
            var outcome = await _mover.MoveAsync(key, webhookEvent.DeliveryId, commands.GetValueOrDefault(key), reference, context, token).ConfigureAwait(false);
            if (comments.TryGetValue(key, out var comment))
            {
                outcome = await _commenter.CommentAsync(outcome, comment, $"{webhookEvent.DeliveryId}:{key}:comment", webhookEvent.Url, context, token).ConfigureAwait(false);
            }

            if (_linker is not null && reference is not null && outcome.Kind != TicketOutcomeKind.NeedsRetry)
            {
                outcome = await _linker.LinkAsync(outcome, reference, webhookEvent.Provider, context, token).ConfigureAwait(false);
            }

            outcomes[index] = outcome;
        }).ConfigureAwait(false);
        return ProcessingResultComposer.Compose(outcomes, sources);
    }

    private List<string> KeysOfHandledProjects(IReadOnlyList<TicketKeyLocation> located, ILogger logger)
    {
        var keys = new List<string>();
        foreach (var (key, _) in located)
        {
            var project = TicketKeys.ProjectOf(key);
            if (_stateMachines.Handles(project))
            {
                keys.Add(key);
            }
            else
            {
                logger.KeyOfUnhandledProjectIgnored(key, project);
            }
        }

        return keys;
    }
}
