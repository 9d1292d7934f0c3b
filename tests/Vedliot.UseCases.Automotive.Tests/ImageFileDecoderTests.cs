using System.Buffers.Binary;
using System.Diagnostics;
using Vedliot.Testing;
using Vedliot.UseCases.Automotive.Frames;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>PNG and JPEG frames made by ImageMagick, and bad ones: each refused with its file named, none a crash.</summary>
public sealed class ImageFileDecoderTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly ImageFileDecoder _decoder = new(new FrameLimits());

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    public void A_frame_made_by_ImageMagick_decodes_to_its_size_and_colour(string extension)
    {
        var path = Convert("-size", "7x5", "xc:#2060a0", extension);

        var image = _decoder.DecodeFile(path);

        Assert.Equal((7, 5), (image.Width, image.Height));
        Assert.InRange(image.At(3, 2, 0), 0x20 - 3, 0x20 + 3); // JPEG is lossy: within a few levels
        Assert.InRange(image.At(3, 2, 1), 0x60 - 3, 0x60 + 3);
        Assert.InRange(image.At(3, 2, 2), 0xa0 - 3, 0xa0 + 3);
    }

    [Theory]
    [InlineData("png")]
    [InlineData("jpg")]
    public void A_truncated_frame_is_refused_naming_the_file(string extension)
    {
        var path = Convert("-size", "64x48", "plasma:fractal", extension);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);

        var error = Assert.Throws<FrameException>(() => _decoder.DecodeFile(path));

        Assert.StartsWith(path + ":", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frame_whose_header_declares_too_many_pixels_is_refused_before_decoding()
    {
        var path = _temp.File("huge.png");
        File.WriteAllBytes(path, PngHeader(100_000, 100_000));

        var error = Assert.Throws<FrameException>(() => _decoder.DecodeFile(path));

        Assert.Equal($"{path}: 100000×100000 pixels is over the limit (16384 per side, 40000000 in all); refused before decoding", error.Message);
    }

    [Fact]
    public void A_file_that_is_neither_PNG_nor_JPEG_is_refused_naming_it()
    {
        var path = _temp.File("notes.png");
        File.WriteAllText(path, "GIF89a is not welcome here");

        var error = Assert.Throws<FrameException>(() => _decoder.DecodeFile(path));

        Assert.Equal($"{path}: not a PNG or JPEG image (its first bytes are 4749463839612069)", error.Message);
    }

    [Fact]
    public void A_file_over_the_byte_limit_is_refused_unread()
    {
        var path = Convert("-size", "64x48", "xc:white", "png");
        var decoder = new ImageFileDecoder(new FrameLimits { MaxBytes = 10 });

        var error = Assert.Throws<FrameException>(() => decoder.DecodeFile(path));

        Assert.Contains("is over the limit of 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_a_stream_of_its_images_in_name_order()
    {
        var b = Convert("-size", "4x4", "xc:red", "png", "b");
        var a = Convert("-size", "4x4", "xc:red", "jpg", "a");
        File.WriteAllText(_temp.File("readme.txt"), "not a frame");

        Assert.Equal([a, b], FrameFiles.List(_temp.Path, new FrameLimits()));
        Assert.Equal([b], FrameFiles.List(b, new FrameLimits()));
    }

    [Fact]
    public void An_empty_folder_or_a_missing_path_is_refused_naming_it()
    {
        var empty = Directory.CreateDirectory(_temp.File("empty")).FullName;

        Assert.Equal($"{empty}: the folder holds no .png, .jpg or .jpeg file", Assert.Throws<FrameException>(() => FrameFiles.List(empty, new FrameLimits())).Message);
        Assert.Equal($"{_temp.File("gone")}: no such file or folder", Assert.Throws<FrameException>(() => FrameFiles.List(_temp.File("gone"), new FrameLimits())).Message);
    }

    /// <summary>A PNG signature and a valid IHDR chunk (8-bit RGB) declaring the size, and nothing else.</summary>
    private static byte[] PngHeader(int width, int height)
    {
        var chunk = new byte[4 + 13];
        "IHDR"u8.CopyTo(chunk);
        BinaryPrimitives.WriteInt32BigEndian(chunk.AsSpan(4), width);
        BinaryPrimitives.WriteInt32BigEndian(chunk.AsSpan(8), height);
        (chunk[12], chunk[13]) = (8, 2);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(chunk));
        byte[] length = [0, 0, 0, 13];
        return [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. length, .. chunk, .. crc];
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320) over a chunk's type and data.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private string Convert(string size, string geometry, string source, string extension, string name = "frame")
    {
        var path = _temp.File($"{name}.{extension}");
        using var process = Process.Start("convert", [size, geometry, source, path]);
        Assert.True(process.WaitForExit(60_000), "convert did not finish within a minute");
        Assert.Equal(0, process.ExitCode);
        return path;
    }
}
