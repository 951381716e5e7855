namespace Unotify.Hcl;

/// <summary>Constructs whose missing closer hclsyntax reports at the opener, not at the end of the file.</summary>
internal enum OpenerKind
{
    Block,
    Tuple,
    Object,
    FunctionCall,
}
