namespace Unotify.Hcl;

/// <summary>A parsed value with the character offsets it came from (end exclusive, trailing trivia excluded).</summary>
internal readonly record struct Spanned<T>(T Value, int Start, int End);
