namespace Vedliot.UseCases.Automotive.Frames;

/// <summary>How large a frame from outside may be, checked before anything is decoded or allocated for it.</summary>
public sealed record FrameLimits
{
    /// <summary>Largest image file or message. 1 byte – 1 GiB, default 64 MiB.</summary>
    public long MaxBytes { get; init; } = 64L << 20;

    /// <summary>Most pixels of a frame (its header's width × height). 1 – 2^28, default 40 M (an 8K frame is 33 M).</summary>
    public long MaxPixels { get; init; } = 40_000_000;

    /// <summary>Longest side of a frame. 1 – 65,535, default 16,384.</summary>
    public int MaxSide { get; init; } = 16_384;

    /// <summary>Most files taken from one folder. 1 – 1,000,000, default 10,000.</summary>
    public int MaxFilesPerFolder { get; init; } = 10_000;

    /// <summary>Checks every setting.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (MaxBytes is < 1 or > 1L << 30)
        {
            throw new ArgumentException($"MaxBytes {MaxBytes} is not in 1 – 1 GiB", nameof(MaxBytes));
        }

        if (MaxPixels is < 1 or > 1L << 28)
        {
            throw new ArgumentException($"MaxPixels {MaxPixels} is not in 1 – 2^28", nameof(MaxPixels));
        }

        if (MaxSide is < 1 or > 65_535)
        {
            throw new ArgumentException($"MaxSide {MaxSide} is not in 1 – 65535", nameof(MaxSide));
        }

        if (MaxFilesPerFolder is < 1 or > 1_000_000)
        {
            throw new ArgumentException($"MaxFilesPerFolder {MaxFilesPerFolder} is not in 1 – 1000000", nameof(MaxFilesPerFolder));
        }
    }

    /// <summary>Refuses a frame whose declared size is over the limits.</summary>
    /// <param name="source">The file or topic, for the message.</param>
    /// <param name="width">Declared width.</param>
    /// <param name="height">Declared height.</param>
    /// <exception cref="FrameException">Too large, or a side below 1.</exception>
    public void CheckSize(string source, long width, long height)
    {
        if (width < 1 || height < 1)
        {
            throw new FrameException($"{source}: declares a {width}×{height} image");
        }

        if (width > MaxSide || height > MaxSide || width * height > MaxPixels)
        {
            throw new FrameException($"{source}: {width}×{height} pixels is over the limit ({MaxSide} per side, {MaxPixels} in all); refused before decoding");
        }
    }
}
