namespace Unotify.Core.Configuration;

/// <summary>A plugin assembly to load, with where it was asked for (for errors).</summary>
/// <param name="Path">The assembly's absolute path.</param>
/// <param name="Location">The <c>plugins:</c> entry that named it, or where the default scan found it.</param>
public sealed record PluginReference(string Path, SourceLocation Location);
