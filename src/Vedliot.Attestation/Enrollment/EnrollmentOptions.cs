using System.Security.Cryptography.X509Certificates;

namespace Vedliot.Attestation.Enrollment;

/// <summary>Options for <see cref="EnrollmentVerifier"/>.</summary>
public sealed class EnrollmentOptions
{
    /// <summary>Root CA certificates that EK certificates must chain to (TPM manufacturers' roots; swtpm's local CA in tests). Required.</summary>
    public X509Certificate2Collection TrustedRoots { get; } = [];

    /// <summary>Intermediate CA certificates that may complete a chain. Default empty.</summary>
    public X509Certificate2Collection Intermediates { get; } = [];

    /// <summary>How long a credential challenge stays answerable. Default 2 minutes.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Checks the values.</summary>
    /// <exception cref="InvalidOperationException">No trusted root is configured, or the lifetime is not positive.</exception>
    public void Validate()
    {
        if (TrustedRoots.Count == 0)
        {
            throw new InvalidOperationException("EnrollmentOptions.TrustedRoots must hold at least one CA certificate.");
        }

        if (ChallengeLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("EnrollmentOptions.ChallengeLifetime must be positive.");
        }
    }
}
