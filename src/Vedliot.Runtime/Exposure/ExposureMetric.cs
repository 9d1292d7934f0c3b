namespace Vedliot.Runtime.Exposure;

/// <summary>How a reconstruction of the model's input is scored against the input itself.</summary>
public enum ExposureMetric
{
    /// <summary>Mean structural similarity (<see cref="Ssim"/>), for image inputs.</summary>
    Ssim,

    /// <summary>Pearson correlation (<see cref="PearsonCorrelation"/>), for every other input.</summary>
    Pearson,
}
