using Vedliot.Attestation.Storage;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Attester;

/// <summary>The file holding a node's wrapped attestation key (<see cref="AttesterOptions.AttestationKeyPath"/>).</summary>
internal static class AttestationKeyFile
{
    /// <summary>
    /// Largest key file read: 16 KiB, the most a TPM response may carry here. An RSA-2048 AK's TPM2B_PRIVATE and
    /// TPM2B_PUBLIC together are under 1 KB.
    /// </summary>
    public const int MaxBytes = 16 * 1024;

    /// <summary>The key stored at <paramref name="path"/>, or null when there is none.</summary>
    /// <exception cref="AttestationStateFileException">The file is damaged, too large or unreadable.</exception>
    public static async Task<TpmKeyBlob?> ReadAsync(string path, string nodeId, CancellationToken cancellationToken)
    {
        var bytes = await StateFiles.ReadAsync(path, MaxBytes, "the attestation key file", Recovery(nodeId), cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return null;
        }

        try
        {
            return TpmMarshaller.DecodeKeyBlob(bytes);
        }
        catch (TpmFormatException e)
        {
            throw new AttestationStateFileException(path, $"damaged attestation key file: {e.Message}", Recovery(nodeId), e);
        }
    }

    /// <summary>The error for a stored key that decodes but that this TPM refuses to load (an error, not a warning such as TPM_RC_RETRY).</summary>
    public static AttestationStateFileException NotLoadable(string path, string nodeId, TpmException e) =>
        new(path, $"this TPM refuses to load the attestation key stored there ({e.ResponseCode}): it was made by another TPM, or before this TPM was cleared", Recovery(nodeId), e);

    private static string Recovery(string nodeId) =>
        $"delete it so that node {nodeId} creates a new attestation key, and delete the verifier's enrollments/{nodeId}.enrollment.json so that the new key is enrolled";
}
