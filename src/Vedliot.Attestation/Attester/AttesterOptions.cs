using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;

namespace Vedliot.Attestation.Attester;

/// <summary>Options for <see cref="NodeAttester"/>.</summary>
public sealed class AttesterOptions
{
    /// <summary>The node's identifier (see <see cref="NodeIds"/>). Required.</summary>
    public string NodeId { get; set; } = string.Empty;

    /// <summary>
    /// File holding the wrapped AK (TPM2B_PRIVATE || TPM2B_PUBLIC; only this TPM can load it). When the file exists the
    /// AK is loaded from it, otherwise a new AK is created and written there. Null keeps the AK in memory only
    /// (a new AK each start, which an enrolled node's verifier will refuse). Default null.
    /// </summary>
    public string? AttestationKeyPath { get; set; }

    /// <summary>The application PCR for measurements. Default <see cref="MeasurementLog.DefaultPcr"/> (23).</summary>
    public int MeasurementPcr { get; set; } = MeasurementLog.DefaultPcr;

    /// <summary>Checks the values.</summary>
    /// <exception cref="InvalidOperationException">A value is invalid.</exception>
    public void Validate()
    {
        if (!NodeIds.IsValid(NodeId))
        {
            throw new InvalidOperationException($"AttesterOptions.NodeId \"{NodeId}\" is not a valid node id.");
        }

        if (MeasurementPcr is not (16 or 23))
        {
            throw new InvalidOperationException("AttesterOptions.MeasurementPcr must be a PCR resettable at locality 0 (16 or 23).");
        }
    }
}
