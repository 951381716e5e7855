using System.CommandLine;
using Unotify.Host.Hosting;

namespace Unotify.Host.Cli;

/// <summary>
/// The host settings as command-line options (<c>--redis</c>, <c>--workers</c>, …, and <c>--urls</c>), for the
/// commands that read them. Each option's help names its environment variable; a value given here wins over both.
/// </summary>
internal sealed class SettingsOptions
{
    private const string UrlsOption = "--urls";
    private readonly List<Option<string>> _options = [];

    public SettingsOptions()
    {
        _options.Add(Create(UrlsOption, "where to listen, URL[;URL] (default http://127.0.0.1:9091)", "ASPNETCORE_URLS"));
        foreach (var name in HostSettingsReader.Names)
        {
            _options.Add(Create(name.Option, name.Description, name.Variable));
        }
    }

    /// <summary>Adds the settings to <paramref name="command"/>; <c>--urls</c> only to the commands that <paramref name="listen"/>.</summary>
    public void AddTo(Command command, bool listen = false)
    {
        // One option object serves every command: a symbol may have several parents.
        foreach (var option in _options.Where(option => listen || option.Name != UrlsOption))
        {
            command.Add(option);
        }
    }

    /// <summary>The settings given on the command line, as <c>--name value</c> pairs for the host's configuration.</summary>
    public string[] ArgsOf(ParseResult parsed)
    {
        var args = new List<string>();
        foreach (var option in _options)
        {
            if (parsed.GetResult(option) is not null && parsed.GetValue(option) is { } value)
            {
                args.Add(option.Name);
                args.Add(value);
            }
        }

        return [.. args];
    }

    private static Option<string> Create(string name, string description, string variable) => new(name)
    {
        Description = $"{description} [{variable}]",
        HelpName = "value",
    };
}
