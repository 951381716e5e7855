namespace Unotify.Core.Registry;

/// <summary>
/// The one character set of provider names and repository ids, which appear in payload URLs and store keys:
/// 1–100 ASCII letters, digits, '.', '_' or '-', and never <c>.</c> or <c>..</c> (which a URL would resolve away).
/// </summary>
public static class HookNames
{
    /// <summary>The longest name or id, in characters.</summary>
    public const int MaxLength = 100;

    /// <summary>What is wrong with <paramref name="value"/> as <paramref name="what"/>, or <see langword="null"/> when nothing is.</summary>
    /// <param name="value">The provider name or repository id.</param>
    /// <param name="what">How to call it in the message (<c>repo_id</c>, <c>provider</c>).</param>
    /// <returns>A message that says what is wrong and what would be right, or <see langword="null"/>.</returns>
    public static string? Problem(string? value, string what)
    {
        const string rule = "may only contain letters, digits, '.', '_' and '-' (1 to 100 of them)";
        if (string.IsNullOrEmpty(value))
        {
            return $"{what} is empty; it {rule}.";
        }

        if (value.Length > MaxLength)
        {
            return $"{what} is {value.Length} characters long; it {rule}.";
        }

        if (value is "." or "..")
        {
            return $"{what} '{value}' is not allowed; it {rule}, and is neither '.' nor '..'.";
        }

        foreach (var character in value)
        {
            if (!char.IsAsciiLetterOrDigit(character) && character is not ('_' or '-' or '.'))
            {
                var shown = char.IsControl(character) || char.IsWhiteSpace(character) ? $"U+{(int)character:X4}" : $"'{character}'";
                return $"{what} '{(value.Length > 40 ? value[..40] + "…" : value)}' contains {shown}; it {rule}. A repository's numeric id (gh api repos/OWNER/NAME --jq .id) always fits.";
            }
        }

        return null;
    }
}
