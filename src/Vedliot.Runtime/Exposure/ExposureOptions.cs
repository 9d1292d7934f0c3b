namespace Vedliot.Runtime.Exposure;

/// <summary>How exposure is measured: how many inputs, how big, and how large the decoders may grow.</summary>
public sealed record ExposureOptions
{
    /// <summary>Inputs the decoders are fitted on; the last <see cref="ValidationInputs"/> of them choose the ridge penalty. Default: 48.</summary>
    public int TrainInputs { get; init; } = 48;

    /// <summary>Of <see cref="TrainInputs"/>, those held back to choose the ridge penalty. Default: 8.</summary>
    public int ValidationInputs { get; init; } = 8;

    /// <summary>Inputs never seen by the decoders, on which exposure is scored. Default: 16.</summary>
    public int HeldOutInputs { get; init; } = 16;

    /// <summary>Height and width given to an image input's symbolic spatial dimensions. Default: 64.</summary>
    public int ImageSize { get; init; } = 64;

    /// <summary>Seed of the generated inputs and random projections. Default: 7.</summary>
    public int Seed { get; init; } = 7;

    /// <summary>Most features a decoder row has (more are randomly projected down). Default: 256.</summary>
    public int MaxFeatures { get; init; } = 256;

    /// <summary>Most training rows a decoder is fitted on (local decoders sample cells). Default: 6144.</summary>
    public int MaxTrainingRows { get; init; } = 6144;

    /// <summary>The settings as one line, part of the cache key.</summary>
    public string Key => $"train {TrainInputs} validation {ValidationInputs} held-out {HeldOutInputs} image {ImageSize} seed {Seed} features {MaxFeatures} rows {MaxTrainingRows}";

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(TrainInputs, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TrainInputs, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(ValidationInputs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ValidationInputs, TrainInputs / 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(HeldOutInputs, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HeldOutInputs, 4096);
        ArgumentOutOfRangeException.ThrowIfLessThan(ImageSize, 32);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ImageSize, 1024);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFeatures, 8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxFeatures, 2048);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxTrainingRows, TrainInputs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxTrainingRows, 1 << 20);
    }
}
