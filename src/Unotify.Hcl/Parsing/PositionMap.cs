using System.Globalization;
using System.Text;

namespace Unotify.Hcl;

/// <summary>
/// Turns character offsets into <see cref="SourcePosition"/>s (line, column in text elements, UTF-8 byte offset).
/// Lines are found by binary search over line starts; ASCII lines take an arithmetic fast path.
/// </summary>
internal sealed class PositionMap
{
    private readonly string _text;
    private readonly int[] _lineStartChar;
    private readonly int[] _lineStartByte;
    private readonly bool[] _lineIsAscii;
    private int _lastLine;

    public PositionMap(string text, int byteOffsetOfText)
    {
        _text = text;
        var starts = new List<int> { 0 };
        var bytes = new List<int> { byteOffsetOfText };
        var ascii = new List<bool>();
        var byteCount = byteOffsetOfText;
        var lineAscii = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80)
            {
                byteCount++;
            }
            else
            {
                lineAscii = false;
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    byteCount += 4; // a surrogate pair is one 4-byte scalar
                    i++;
                }
                else
                {
                    byteCount += c < 0x800 ? 2 : 3;
                }
            }

            if (c == '\n')
            {
                starts.Add(i + 1);
                bytes.Add(byteCount);
                ascii.Add(lineAscii);
                lineAscii = true;
            }
        }

        ascii.Add(lineAscii);
        _lineStartChar = [.. starts];
        _lineStartByte = [.. bytes];
        _lineIsAscii = [.. ascii];
    }

    public SourcePosition At(int charOffset)
    {
        var line = LineOf(charOffset);
        var start = _lineStartChar[line];
        if (_lineIsAscii[line])
        {
            return new SourcePosition(line + 1, charOffset - start + 1, _lineStartByte[line] + charOffset - start);
        }

        var segment = _text.AsSpan(start, charOffset - start);
        var column = 1;
        for (var rest = segment; !rest.IsEmpty; column++)
        {
            rest = rest[StringInfo.GetNextTextElementLength(rest)..];
        }

        return new SourcePosition(line + 1, column, _lineStartByte[line] + Encoding.UTF8.GetByteCount(segment));
    }

    private int LineOf(int charOffset)
    {
        var last = _lastLine;
        if (_lineStartChar[last] <= charOffset
            && (last + 1 == _lineStartChar.Length || _lineStartChar[last + 1] > charOffset))
        {
            return last;
        }

        var index = Array.BinarySearch(_lineStartChar, charOffset);
        var line = index >= 0 ? index : ~index - 1;
        _lastLine = line;
        return line;
    }
}
