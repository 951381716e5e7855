using System.Diagnostics.CodeAnalysis;

namespace Unotify.Plugins.Jira;

/// <summary>The answer to one Jira request: a value or a problem.</summary>
/// <typeparam name="T">The value's type.</typeparam>
internal sealed class JiraAnswer<T>
    where T : class
{
    private JiraAnswer(T? value, JiraProblem? problem)
    {
        Value = value;
        Problem = problem;
    }

    /// <summary>The value, when the request succeeded.</summary>
    public T? Value { get; }

    /// <summary>The problem, when it did not.</summary>
    public JiraProblem? Problem { get; }

    /// <summary>Whether the request succeeded.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    /// <summary>A successful answer.</summary>
    public static JiraAnswer<T> Ok(T value) => new(value, null);

    /// <summary>A failed answer.</summary>
    public static JiraAnswer<T> Failed(JiraProblem problem) => new(null, problem);
}
