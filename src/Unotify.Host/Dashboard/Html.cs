using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Unotify.Host.Dashboard;

/// <summary>
/// A piece of HTML that is safe to write as it is: made only by <see cref="Html.Of"/>, whose literal text is the page's
/// own markup and whose every hole is HTML-encoded unless it is itself an <see cref="HtmlFragment"/>. A value from a
/// payload, a header or the store can therefore never become markup (a PR title <c>&lt;script&gt;</c> shows as text).
/// </summary>
internal readonly record struct HtmlFragment
{
    internal HtmlFragment(string value) => Value = value;

    /// <summary>The HTML.</summary>
    public string Value { get; }

    /// <summary>Nothing.</summary>
    public static HtmlFragment Empty { get; } = new(string.Empty);

    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>Builds <see cref="HtmlFragment"/>s: <c>Html.Of($"&lt;td&gt;{title}&lt;/td&gt;")</c> encodes <c>title</c>.</summary>
internal static class Html
{
    /// <summary>The fragment of an interpolated string whose holes are encoded.</summary>
    public static HtmlFragment Of([InterpolatedStringHandlerArgument] ref HtmlBuilder html) => html.Build();

    /// <summary>The fragments one after another.</summary>
    public static HtmlFragment Join(IEnumerable<HtmlFragment> fragments) => new(string.Concat(fragments.Select(fragment => fragment.Value)));

    /// <summary>Builds the interpolated string of <see cref="Of"/>.</summary>
    [InterpolatedStringHandler]
    public ref struct HtmlBuilder
    {
        private readonly StringBuilder _builder;

        public HtmlBuilder(int literalLength, int formattedCount) => _builder = new StringBuilder(literalLength + formattedCount * 16);

        /// <summary>The page's own markup, written as it is.</summary>
        public readonly void AppendLiteral(string literal) => _builder.Append(literal);

        /// <summary>A fragment built the same way, written as it is.</summary>
        public readonly void AppendFormatted(HtmlFragment fragment) => _builder.Append(fragment.Value);

        /// <summary>Any other value: its text, HTML-encoded (also safe inside a quoted attribute).</summary>
        public readonly void AppendFormatted<T>(T value) =>
            _builder.Append(HtmlEncoder.Default.Encode(value switch
            {
                null => string.Empty,
                IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString() ?? string.Empty,
            }));

        /// <summary>A value with a format (<c>{at:u}</c>), HTML-encoded.</summary>
        public readonly void AppendFormatted<T>(T value, string? format) where T : IFormattable =>
            _builder.Append(HtmlEncoder.Default.Encode(value.ToString(format, System.Globalization.CultureInfo.InvariantCulture)));

        internal readonly HtmlFragment Build() => new(_builder.ToString());
    }
}
