namespace Vedliot.UseCases.Automotive.Rendering;

/// <summary>How a rendered frame is degraded after drawing.</summary>
public enum SignVariant
{
    /// <summary>As drawn.</summary>
    Clean,

    /// <summary>Scaled to 60 %.</summary>
    Scaled,

    /// <summary>Rotated by 4° (background filled in).</summary>
    Rotated,

    /// <summary>Gaussian blur, σ = 1.5 pixels.</summary>
    Blurred,

    /// <summary>Gaussian noise (ImageMagick +noise Gaussian, attenuated to 0.6), fixed seed.</summary>
    Noisy,

    /// <summary>Saved as JPEG at quality 15.</summary>
    JpegCompressed,
}
