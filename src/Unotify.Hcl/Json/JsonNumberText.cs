namespace Unotify.Hcl;

/// <summary>
/// An HCL number's text as a JSON number: the same digits, except that JSON forbids leading zeros
/// (<c>007</c> becomes <c>7</c>) and HCL allows them.
/// </summary>
internal static class JsonNumberText
{
    public static string From(string hclNumber)
    {
        var negative = hclNumber.StartsWith('-');
        var digits = negative ? hclNumber[1..] : hclNumber;
        var zeros = 0;
        while (zeros + 1 < digits.Length && digits[zeros] == '0' && char.IsAsciiDigit(digits[zeros + 1]))
        {
            zeros++;
        }

        return zeros == 0 ? hclNumber : (negative ? "-" : string.Empty) + digits[zeros..];
    }
}
