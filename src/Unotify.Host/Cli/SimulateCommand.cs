using System.CommandLine;
using System.Text.Json;
using Unotify.Core.Configuration;
using Unotify.Core.History;
using Unotify.Core.StateMachines;
using Unotify.Core.Storage;
using Unotify.Core.Workers;
using Unotify.Host.Api;
using Unotify.Host.Hosting;
using Unotify.Host.Logging;
using Unotify.Host.Plugins;
using Unotify.Sdk;

namespace Unotify.Host.Cli;

/// <summary>
/// <c>unotify simulate PAYLOAD.json --event pull_request</c>: offline, what the workers of a workers.yaml would do with a
/// payload: which take it, which keys it names and where, and what each ticket would become, with statuses given with
/// <c>--status</c> or read from Jira when its credentials are set. Nothing is written anywhere: the processors run in
/// simulation against a throwaway in-memory store, and the installation's store is not opened.
/// </summary>
internal static class SimulateCommand
{
    private const string Name = "unotify simulate";

    /// <summary>The headers that carry the event kind and the delivery id, for the built-in providers.</summary>
    private static readonly Dictionary<string, (string Event, string Delivery)> KnownHeaders = new(StringComparer.Ordinal)
    {
        ["github"] = ("X-GitHub-Event", "X-GitHub-Delivery"),
        ["gitlab"] = ("X-Gitlab-Event", "X-Gitlab-Event-UUID"),
    };

    public static Command Create(SettingsOptions settings)
    {
        var payload = new Argument<string>("payload") { Description = "the webhook's body, as the sender sends it (a JSON file)" };
        var kind = new Option<string>("--event") { Description = "the event as the sender names it in its header: pull_request, push, release (GitHub); \"Merge Request Hook\" (GitLab)", HelpName = "event" };
        var provider = new Option<string>("--provider") { Description = "the provider that reads the payload", DefaultValueFactory = _ => "github", HelpName = "name" };
        var repoId = new Option<string>("--repo-id") { Description = "the hook's repository id", DefaultValueFactory = _ => "simulated", HelpName = "id" };
        var headers = new Option<string[]>("--header") { Description = "a request header, \"Name: value\" (repeat for more)", HelpName = "header", AllowMultipleArgumentsPerToken = false };
        var states = new Option<string[]>("--status") { Description = "a ticket's status to assume, KEY=STATUS such as SOC-1=\"In Progress\" (repeat for more); others are read from Jira when it is configured", HelpName = "key=status" };
        var json = new Option<bool>("--json") { Description = "print JSON instead of lines" };
        var command = new Command("simulate", "What the workers would do with a payload, offline: nothing is written, no store is needed.")
        {
            payload, kind, provider, repoId, headers, states, json,
        };
        settings.AddTo(command);
        command.SetAction(async (parsed, token) =>
        {
            var console = CommandConsole.Of(parsed);
            var request = new SimulationRequest(
                parsed.GetValue(payload)!, parsed.GetValue(kind), parsed.GetValue(provider)!.ToLowerInvariant(), parsed.GetValue(repoId)!,
                parsed.GetValue(headers) ?? [], parsed.GetValue(states) ?? [], parsed.GetValue(json));
            return await RunAsync(console, request, settings.ArgsOf(parsed), token);
        });
        return command;
    }

    private static async Task<int> RunAsync(CommandConsole console, SimulationRequest request, string[] settingsArgs, CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var given in request.States)
        {
            var equals = given.IndexOf('=', StringComparison.Ordinal);
            var key = equals > 0 ? given[..equals].Trim() : string.Empty;
            var status = equals > 0 ? given[(equals + 1)..].Trim().Trim('"') : string.Empty;
            if (!RedisDeliveryHistory.IsTicketKey(key) || status.Length == 0)
            {
                await console.FailAsync(Name, $"--status '{given}' is not KEY=STATUS; write it as SOC-1=\"In Progress\".");
                return ExitCodes.Usage;
            }

            states[key.ToUpperInvariant()] = status;
        }

        var headerValues = new List<KeyValuePair<string, string>>();
        foreach (var header in request.Headers)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                await console.FailAsync(Name, $"--header '{header}' is not \"Name: value\".");
                return ExitCodes.Usage;
            }

            headerValues.Add(new(header[..colon].Trim(), header[(colon + 1)..].Trim()));
        }

        if (KnownHeaders.TryGetValue(request.Provider, out var known))
        {
            if (request.Event is { } kind)
            {
                headerValues.Add(new(known.Event, kind));
            }
            else if (!headerValues.Any(header => string.Equals(header.Key, known.Event, StringComparison.OrdinalIgnoreCase)))
            {
                await console.FailAsync(Name, $"say which event the payload is with --event (the {known.Event} header), for example --event pull_request.");
                return ExitCodes.Usage;
            }

            if (!headerValues.Any(header => string.Equals(header.Key, known.Delivery, StringComparison.OrdinalIgnoreCase)))
            {
                headerValues.Add(new(known.Delivery, "simulated-" + Guid.NewGuid().ToString("N")[..12]));
            }
        }
        else if (request.Event is not null)
        {
            await console.FailAsync(Name, $"--event knows the headers of {string.Join(" and ", KnownHeaders.Keys)} only; for the {request.Provider} provider give its headers with --header \"Name: value\".");
            return ExitCodes.Usage;
        }

        var body = await InputFile.ReadAllBytesAsync(console, "simulate", request.PayloadPath, cancellationToken);
        if (body is null)
        {
            return ExitCodes.Failure;
        }

        HostSettings settings;
        try
        {
            settings = AdminStore.ReadSettings(settingsArgs);
        }
        catch (FormatException exception)
        {
            await console.FailAsync(Name, exception.Message);
            return ExitCodes.Usage;
        }

        return await SimulateAsync(console, request, settings, new WebhookHeaders(headerValues), body, states, cancellationToken);
    }

    private static async Task<int> SimulateAsync(
        CommandConsole console, SimulationRequest request, HostSettings settings, WebhookHeaders headers, byte[] body, IReadOnlyDictionary<string, string> states,
        CancellationToken cancellationToken)
    {
        // Errors only, on standard error: the answer goes to standard output, and start-up warnings (Jira not
        // configured) are said there where they matter, per ticket.
        await using var logger = SerilogSetup.Create(settings with { LogLevel = "Error" }, console.Error);
        var scratch = Directory.CreateTempSubdirectory("unotify-simulate-");
        try
        {
            WorkersFile workers;
            IReadOnlyDictionary<string, IStateMachines> machines;
            try
            {
                workers = WorkersFileReader.Read(settings.WorkersFile, new WorkersFileReaderOptions()).GetOrThrow();
                var errors = new List<ConfigurationError>();
                machines = StateMachineCatalog.Load(workers, errors, []);
                if (errors.Count > 0)
                {
                    throw new ConfigurationException(errors);
                }
            }
            catch (ConfigurationException exception)
            {
                await console.FailAsync(Name, exception.Message);
                return ExitCodes.Usage;
            }

            await using var store = await RedisStore.OpenAsync(new StoreOptions { DataDirectory = scratch.FullName }, TimeProvider.System, cancellationToken);
            await using var container = PluginContainer.Build(logger, TimeProvider.System);
            PluginRuntime plugins;
            try
            {
                plugins = await PluginRuntime.CreateAsync(workers, container, machines, []);
            }
            catch (ConfigurationException exception)
            {
                await console.FailAsync(Name, exception.Message);
                return ExitCodes.Usage;
            }

            await using (plugins)
            {
                if (!plugins.Providers.TryGetValue(request.Provider, out var provider))
                {
                    await console.FailAsync(Name, $"no provider '{request.Provider}'; the providers are: {string.Join(", ", plugins.Providers.Keys.Order(StringComparer.Ordinal))}.");
                    return ExitCodes.Usage;
                }

                var parsed = provider.Parse(new WebhookRequest
                {
                    Provider = provider.Name,
                    RepoId = request.RepoId,
                    Headers = headers,
                    Body = body,
                    ContentType = "application/json",
                    ReceivedAt = TimeProvider.System.GetUtcNow(),
                });
                switch (parsed)
                {
                    case WebhookParseResult.Ignored ignored:
                        await console.Output.WriteLineAsync($"The {provider.Name} provider ignores this request ({ignored.Reason}); no worker would get it.");
                        return ExitCodes.Success;
                    case WebhookParseResult.Rejected rejected:
                        await console.FailAsync(Name, $"the {provider.Name} provider rejects this request: {rejected.Error}");
                        return ExitCodes.Failure;
                }

                var webhookEvent = ((WebhookParseResult.Accepted)parsed).Event;
                var loggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
                var built = workers.Workers.Select(definition => Worker.Running(definition, store, plugins.Processors[definition.Name], machines[definition.Name], loggers, textFinders: plugins.TextFinders)).ToList();
                var answers = await WorkerSimulation.RunAsync(built, webhookEvent, cancellationToken, states);
                var keys = TicketKeys.Locate(webhookEvent);
                if (request.Json)
                {
                    await console.Output.WriteLineAsync(JsonSerializer.Serialize(
                        new
                        {
                            Event = new { webhookEvent.Provider, webhookEvent.Kind, webhookEvent.RepoId, webhookEvent.DeliveryId },
                            Keys = keys.Select(key => new { key.Key, Source = key.SourceName }),
                            Workers = answers,
                        },
                        ApiJson.Options));
                }
                else
                {
                    await WriteAsync(console, webhookEvent, keys, answers);
                }

                return answers.Any(answer => answer.Result == AttemptResults.Fail) ? ExitCodes.Failure : ExitCodes.Success;
            }
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task WriteAsync(CommandConsole console, WebhookEvent webhookEvent, IReadOnlyList<TicketKeyLocation> keys, IReadOnlyList<WorkerSimulation> answers)
    {
        await console.WriteLineAsync(console.Paint($"{webhookEvent.Provider} {webhookEvent.Kind}", "1") + $" (repo {webhookEvent.RepoId}{(webhookEvent.Url is { } url ? ", " + url : string.Empty)})");
        await console.WriteLineAsync(keys.Count == 0
            ? "Keys: none found"
            : "Keys: " + string.Join(", ", keys.Select(key => $"{key.Key} (in {key.SourceName})")));
        if (answers.Count == 0)
        {
            await console.WriteLineAsync("No worker takes this event (see each worker's on: in workers.yaml).");
            return;
        }

        foreach (var answer in answers)
        {
            // The summary sums up the items; with items, each says more on its own line.
            await console.WriteLineAsync($"{answer.Worker}: {OutcomeText.Result(console, answer.Result)}{(answer.Items.Count == 0 ? " — " + answer.Summary : string.Empty)}");
            foreach (var item in answer.Items)
            {
                await console.WriteLineAsync($"    {OutcomeText.Item(console, item.Subject, item.Kind, item.From, item.To, item.Source, item.Detail)}");
            }
        }
    }

    /// <summary>What the command line asked for.</summary>
    private sealed record SimulationRequest(string PayloadPath, string? Event, string Provider, string RepoId, string[] Headers, string[] States, bool Json);
}
