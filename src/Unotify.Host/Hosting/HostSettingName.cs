namespace Unotify.Host.Hosting;

/// <summary>One host setting under its three names, and what it does.</summary>
/// <param name="Key">Its key in the <c>Unotify</c> section of appsettings.json.</param>
/// <param name="Variable">Its environment variable.</param>
/// <param name="Option">Its command-line option.</param>
/// <param name="Description">What it does, for <c>--help</c>.</param>
public sealed record HostSettingName(string Key, string Variable, string Option, string Description);
