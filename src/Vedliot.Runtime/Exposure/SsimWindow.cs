namespace Vedliot.Runtime.Exposure;

/// <summary>The local window over which SSIM compares means, variances and covariance (Wang et al. 2004, §III-C).</summary>
public enum SsimWindow
{
    /// <summary>An 11×11 circular-symmetric Gaussian with σ = 1.5 samples, normalised to unit sum: the paper's choice for its results.</summary>
    Gaussian11,

    /// <summary>An 8×8 square with equal weights: the simpler window the paper describes first.</summary>
    Uniform8,
}
