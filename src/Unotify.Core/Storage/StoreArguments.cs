namespace Unotify.Core.Storage;

/// <summary>Checks ids and names from outside before they become Redis keys, with errors that say what would be right.</summary>
internal static class StoreArguments
{
    /// <summary>An id such as a delivery id, job id, event kind or cache key: <see cref="Sdk.EventIdentifiers"/>'s rule (1–200 characters, no control characters).</summary>
    public static void Id(string? value, string parameterName)
    {
        if (Sdk.EventIdentifiers.Problem(value) is { } problem)
        {
            throw new ArgumentException($"{parameterName} {problem}.", parameterName);
        }
    }

    /// <summary>A provider or worker name or a repository id: <see cref="Registry.HookNames"/>'s rule, because it becomes part of key names and hash tags.</summary>
    public static void Name(string? value, string parameterName)
    {
        if (Registry.HookNames.Problem(value, parameterName) is { } problem)
        {
            throw new ArgumentException(problem, parameterName);
        }
    }

    /// <summary>A free-text value stored as is (a secret, a note, a cached value), bounded so one call cannot fill Redis.</summary>
    public static void Text(string? value, string parameterName, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(value, parameterName);
        if (value.Length > maxLength)
        {
            throw new ArgumentException($"{parameterName} is {value.Length} characters long; at most {maxLength} are allowed.", parameterName);
        }
    }

    public static void Positive(TimeSpan value, string parameterName)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(parameterName, value, $"{parameterName} must be longer than zero.");
        }
    }
}
