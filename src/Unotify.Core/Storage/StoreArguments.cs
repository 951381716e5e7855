namespace Unotify.Core.Storage;

/// <summary>Checks ids and names from outside before they become Redis keys, with errors that say what would be right.</summary>
internal static class StoreArguments
{
    public const int MaxIdLength = 200;

    /// <summary>An id such as a repo id, delivery id, job id or cache key: 1–200 characters, no control characters.</summary>
    public static void Id(string? value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{parameterName} must not be empty.", parameterName);
        }

        if (value.Length > MaxIdLength)
        {
            throw new ArgumentException($"{parameterName} is {value.Length} characters long; at most {MaxIdLength} are allowed.", parameterName);
        }

        foreach (var character in value)
        {
            if (char.IsControl(character))
            {
                throw new ArgumentException($"{parameterName} must not contain control characters (found U+{(int)character:X4}).", parameterName);
            }
        }
    }

    /// <summary>A provider or worker name: 1–100 letters, digits, '_', '-' or '.', because it becomes part of key names and hash tags.</summary>
    public static void Name(string? value, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{parameterName} must not be empty.", parameterName);
        }

        if (value.Length > 100)
        {
            throw new ArgumentException($"{parameterName} is {value.Length} characters long; at most 100 are allowed.", parameterName);
        }

        foreach (var character in value)
        {
            if (!char.IsAsciiLetterOrDigit(character) && character is not ('_' or '-' or '.'))
            {
                throw new ArgumentException(
                    $"{parameterName} '{value}' may only contain letters, digits, '_', '-' and '.' (found '{character}').",
                    parameterName);
            }
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
