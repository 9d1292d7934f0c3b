using System.Text;

namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>
/// The recogniser's alphabet as PaddleOCR's CTCLabelDecode builds it from the package's key file: class 0 is the CTC
/// blank, classes 1…n the file's lines in order, and class n + 1 a space (use_space_char).
/// </summary>
public sealed class CharacterKeys
{
    /// <summary>Largest key file read (ppocr_keys_v1.txt is about 26 KB).</summary>
    public const long MaxFileBytes = 1 << 20;

    private readonly string[] _classes;

    private CharacterKeys(string[] classes) => _classes = classes;

    /// <summary>Classes the recogniser's output must have: blank, keys and space.</summary>
    public int ClassCount => _classes.Length;

    /// <summary>The text of class <paramref name="index"/> (empty for the blank).</summary>
    /// <param name="index">0 to <see cref="ClassCount"/> − 1.</param>
    public string this[int index] => _classes[index];

    /// <summary>Reads a key file: one character (or short string) a line, UTF-8.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The alphabet.</returns>
    /// <exception cref="InvalidDataException">The file is too large, empty or not UTF-8 (the message names it).</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    public static CharacterKeys Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"{path}: no such key file", path);
        }

        if (info.Length > MaxFileBytes)
        {
            throw new InvalidDataException($"{path}: {info.Length} bytes; a key file has at most {MaxFileBytes}");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException e)
        {
            throw new InvalidDataException($"{path}: not UTF-8 ({e.Message})", e);
        }

        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        if (lines.Count == 0)
        {
            throw new InvalidDataException($"{path}: the key file holds no keys");
        }

        return new CharacterKeys(["", .. lines, " "]);
    }
}
