namespace Unotify.Hcl;

/// <summary>The kinds of flat template token the template scanner produces before the tree is built.</summary>
internal enum TemplateTokenKind
{
    Literal,
    Interpolation,
    If,
    Else,
    EndIf,
    For,
    EndFor,
}
