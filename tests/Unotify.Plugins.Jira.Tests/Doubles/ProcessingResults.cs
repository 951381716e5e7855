using Unotify.Sdk;

namespace Unotify.Plugins.Jira.Tests;

internal static class ProcessingResults
{
    /// <summary>The result without its per-ticket items, for tests about its kind and summary alone.</summary>
    public static ProcessingResult WithoutItems(this ProcessingResult result) => result with { Items = [] };
}
