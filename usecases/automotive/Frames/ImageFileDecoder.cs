using System.Buffers.Binary;
using StbImageSharp;
using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive.Frames;

/// <summary>
/// Decodes PNG and JPEG frames with StbImageSharp (a C# port of stb_image, no native library): the signature must say
/// PNG or JPEG, and the header's width and height must be within <see cref="FrameLimits"/> before any pixel is decoded,
/// so a small file declaring a huge image is refused without allocating for it.
/// </summary>
public sealed class ImageFileDecoder
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] JpegEnd = [0xFF, 0xD9];
    private readonly FrameLimits _limits;

    /// <summary>Creates a decoder with <paramref name="limits"/>.</summary>
    /// <param name="limits">Size limits; validated here.</param>
    public ImageFileDecoder(FrameLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        limits.Validate();
        _limits = limits;
    }

    /// <summary>Whether <paramref name="path"/>'s name says PNG or JPEG (.png, .jpg, .jpeg, any case).</summary>
    /// <param name="path">A file name.</param>
    public static bool HasImageExtension(string path) =>
        Path.GetExtension(path).ToUpperInvariant() is ".PNG" or ".JPG" or ".JPEG";

    /// <summary>Reads and decodes one file.</summary>
    /// <param name="path">A PNG or JPEG file.</param>
    /// <returns>The frame as RGB.</returns>
    /// <exception cref="FrameException">The file is missing, too large, not PNG/JPEG, declares too many pixels, or is truncated or corrupt (the message names it).</exception>
    public RgbImage DecodeFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new FrameException($"{path}: no such file");
            }

            if (info.Length > _limits.MaxBytes)
            {
                throw new FrameException($"{path}: {info.Length} bytes is over the limit of {_limits.MaxBytes}");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FrameException($"{path}: cannot be read: {e.Message}", e);
        }

        return Decode(path, bytes);
    }

    /// <summary>Decodes an encoded PNG or JPEG.</summary>
    /// <param name="source">The file or message it came from, for messages.</param>
    /// <param name="bytes">The encoded image.</param>
    /// <returns>The frame as RGB.</returns>
    /// <exception cref="FrameException">Too large, not PNG/JPEG, too many pixels, truncated or corrupt.</exception>
    public RgbImage Decode(string source, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.LongLength > _limits.MaxBytes)
        {
            throw new FrameException($"{source}: {bytes.LongLength} bytes is over the limit of {_limits.MaxBytes}");
        }

        if (!bytes.AsSpan().StartsWith(PngSignature) && !bytes.AsSpan().StartsWith(JpegSignature))
        {
            throw new FrameException($"{source}: not a PNG or JPEG image (its first bytes are {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))})");
        }

        if (bytes.AsSpan().StartsWith(PngSignature))
        {
            CheckPngHeader(source, bytes);
        }
        else if (!bytes.AsSpan().TrimEnd((byte)0).EndsWith(JpegEnd))
        {
            // stb_image fills a cut-off JPEG's missing rows silently; a whole one ends with its EOI marker (ITU T.81 B.2.1).
            throw new FrameException($"{source}: the JPEG has no end-of-image marker (FF D9); the file is truncated");
        }

        ImageInfo? header;
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            header = ImageInfo.FromStream(stream);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FrameException($"{source}: unreadable image header: {e.Message}", e);
        }

        if (header is not { } info)
        {
            throw new FrameException($"{source}: unreadable image header (truncated or corrupt)");
        }

        _limits.CheckSize(source, info.Width, info.Height);
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // stb_image reports every decoding failure (truncated data, bad Huffman tables, CRC-free PNG chunks) as an exception with its reason.
            throw new FrameException($"{source}: cannot be decoded ({e.Message}); the file is truncated or corrupt", e);
        }

        if (image.Width != info.Width || image.Height != info.Height || image.Data.LongLength != (long)image.Width * image.Height * 3)
        {
            throw new FrameException($"{source}: decoded to {image.Width}×{image.Height} with {image.Data.LongLength} bytes, against its header's {info.Width}×{info.Height}");
        }

        return new RgbImage(image.Width, image.Height, image.Data);
    }

    /// <summary>
    /// A PNG's size from its IHDR chunk, which must come first (PNG spec 5.6), checked against the limits before
    /// stb_image sees it: stb_image refuses sizes over its own bound with a bare "too large", which names no limit.
    /// </summary>
    private void CheckPngHeader(string source, byte[] bytes)
    {
        if (bytes.Length < 33 || !bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new FrameException($"{source}: the PNG does not start with an IHDR chunk; the file is truncated or corrupt");
        }

        _limits.CheckSize(source, BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20)));
    }
}
