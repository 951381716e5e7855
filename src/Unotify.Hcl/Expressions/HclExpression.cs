using System.Diagnostics.CodeAnalysis;

namespace Unotify.Hcl;

/// <summary>
/// An expression of HCL's native syntax, kept unevaluated. <see cref="SourceText"/> is the exact text it was
/// parsed from (what <c>{"expr": …}</c> shows); <see cref="Range"/> is where that text is.
/// </summary>
public abstract record HclExpression(SourceRange Range)
{
    private SourceSlice _source = SourceSlice.Empty;

    /// <summary>The exact source text of this expression (computed on demand from the parsed file).</summary>
    public string SourceText
    {
        get => _source.ToString();
        init => _source = new SourceSlice(value, 0, value.Length);
    }

    /// <summary>Set once by the parser: where in the file's text this expression is.</summary>
    internal SourceSlice SourceSpan
    {
        get => _source;
        set => _source = value;
    }

    /// <summary>
    /// The value of this expression when it needs no variables, functions or operators: literals, templates
    /// without interpolations, and tuples and objects made only of those.
    /// </summary>
    public virtual bool TryGetConstant([NotNullWhen(true)] out HclValue? value)
    {
        value = null;
        return false;
    }

    /// <summary>The string this expression stands for, when it is a constant string (e.g. <c>"To Do"</c>).</summary>
    public bool TryGetString([NotNullWhen(true)] out string? value)
    {
        value = TryGetConstant(out var constant) && constant is HclStringValue text ? text.Value : null;
        return value is not null;
    }
}
