using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vedliot.Attestation.Tpm;
using Vedliot.Attestation.Tpm.Crypto;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Enrollment;

/// <summary>
/// Verifier side of enrollment. <see cref="BeginAsync"/> checks the EK certificate chain against the configured
/// CAs, checks that it certifies the presented EK, checks the AK's attributes, refuses a node already bound to a
/// different AK or EK, and returns a MakeCredential challenge bound to the AK's Name. <see cref="CompleteAsync"/>
/// accepts the released secret, which proves the AK lives in the same TPM as the EK, and records the binding once.
/// </summary>
public sealed class EnrollmentVerifier
{
    private const ObjectAttributes EkRequired = ObjectAttributes.FixedTpm | ObjectAttributes.FixedParent
        | ObjectAttributes.SensitiveDataOrigin | ObjectAttributes.Restricted | ObjectAttributes.Decrypt;

    private readonly EnrollmentOptions _options;
    private readonly IEnrollmentStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<string, PendingChallenge> _pending = new(StringComparer.Ordinal);

    /// <summary>Creates the verifier.</summary>
    /// <param name="options">Trusted CAs and challenge lifetime (validated here).</param>
    /// <param name="store">Where bindings are recorded.</param>
    /// <param name="timeProvider">Clock for certificate validity and challenge expiry.</param>
    public EnrollmentVerifier(EnrollmentOptions options, IEnrollmentStore store, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _options = options;
        _store = store;
        _timeProvider = timeProvider;
    }

    /// <summary>Checks an enrollment request and, if acceptable, issues a credential challenge.</summary>
    /// <param name="request">The node's request.</param>
    /// <param name="cancellationToken">Cancels store access.</param>
    /// <returns>A result carrying the challenge, or the reason for refusal.</returns>
    public async Task<EnrollmentResult> BeginAsync(EnrollmentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!NodeIds.IsValid(request.NodeId))
        {
            return Refuse(EnrollmentFailure.MalformedRequest, "Invalid node id.");
        }

        TpmPublicArea ek;
        TpmPublicArea ak;
        try
        {
            ek = TpmMarshaller.DecodePublicArea(request.EkPublic);
            ak = TpmMarshaller.DecodePublicArea(request.AkPublic);
        }
        catch (TpmFormatException ex)
        {
            return Refuse(EnrollmentFailure.MalformedRequest, ex.Message);
        }

        var certificateCheck = CheckEkCertificate(request.EkCertificate, ek);
        if (certificateCheck is not null)
        {
            return certificateCheck;
        }

        if ((ek.Attributes & EkRequired) != EkRequired || (ek.Attributes & ObjectAttributes.Sign) != 0
            || ek.Parameters.SymmetricAlgorithm != TpmAlgorithm.Aes || ek.Parameters.SymmetricMode != TpmAlgorithm.Cfb || !TpmHash.IsSupported(ek.NameAlgorithm))
        {
            return Refuse(EnrollmentFailure.EkAttributesInvalid, $"EK attributes {ek.Attributes} / symmetric {ek.Parameters.SymmetricAlgorithm}-{ek.Parameters.SymmetricMode} do not describe a restricted decryption (storage) key.");
        }

        var akCheck = CheckAttestationKey(ak);
        if (akCheck is not null)
        {
            return Refuse(EnrollmentFailure.AkAttributesInvalid, akCheck);
        }

        var akName = TpmHash.ComputeName(ak);
        var existing = await _store.GetAsync(request.NodeId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (!existing.EkPublic.Span.SequenceEqual(request.EkPublic.Span))
            {
                return Refuse(EnrollmentFailure.EkMismatch, $"Node {request.NodeId} is bound to another TPM's EK.");
            }

            if (!existing.AkName.Span.SequenceEqual(akName))
            {
                return Refuse(EnrollmentFailure.AkMismatch, $"Node {request.NodeId} is bound to AK {Convert.ToHexStringLower(existing.AkName.Span)}, not {Convert.ToHexStringLower(akName)}.");
            }
        }

        var secret = RandomNumberGenerator.GetBytes(32);
        var credential = CredentialProtection.MakeCredential(ek, akName, secret);
        _pending[request.NodeId] = new PendingChallenge(secret, _timeProvider.GetUtcNow() + _options.ChallengeLifetime, request.EkPublic.ToArray(), request.AkPublic.ToArray(), akName);
        var challenge = new EnrollmentChallenge(request.NodeId, credential.CredentialBlob, credential.EncryptedSecret);
        return new EnrollmentResult(EnrollmentFailure.None, "Challenge issued.", Challenge: challenge);
    }

    /// <summary>Checks the secret released by the node's TPM and records the AK–EK binding.</summary>
    /// <param name="response">The node's answer.</param>
    /// <param name="cancellationToken">Cancels store access.</param>
    /// <returns>A result carrying the binding, or the reason for refusal.</returns>
    public async Task<EnrollmentResult> CompleteAsync(EnrollmentResponse response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.NodeId is null || !_pending.TryRemove(response.NodeId, out var pending))
        {
            return Refuse(EnrollmentFailure.NoPendingChallenge, $"No challenge is outstanding for node {response.NodeId}.");
        }

        var now = _timeProvider.GetUtcNow();
        if (now > pending.ExpiresAt)
        {
            return Refuse(EnrollmentFailure.ChallengeExpired, $"The challenge expired at {pending.ExpiresAt:O}.");
        }

        if (!CryptographicOperations.FixedTimeEquals(pending.Secret, response.Secret.Span))
        {
            return Refuse(EnrollmentFailure.CredentialMismatch, "The released credential is wrong: the AK is not resident in the TPM that holds the EK.");
        }

        var record = new EnrollmentRecord(response.NodeId, pending.EkPublic, pending.AkPublic, pending.AkName, now);
        if (!await _store.TryAddAsync(record, cancellationToken).ConfigureAwait(false))
        {
            var existing = await _store.GetAsync(response.NodeId, cancellationToken).ConfigureAwait(false);
            if (existing is null || !existing.AkName.Span.SequenceEqual(pending.AkName))
            {
                return Refuse(EnrollmentFailure.AkMismatch, $"Node {response.NodeId} was bound to another AK meanwhile.");
            }

            return new EnrollmentResult(EnrollmentFailure.None, "Binding already recorded; proof repeated.", Record: existing);
        }

        return new EnrollmentResult(EnrollmentFailure.None, "Binding recorded.", Record: record);
    }

    private static EnrollmentResult Refuse(EnrollmentFailure failure, string detail) => new(failure, detail);

    private static string? CheckAttestationKey(TpmPublicArea ak)
    {
        if ((ak.Attributes & KeyTemplates.RequiredAttestationKeyAttributes) != KeyTemplates.RequiredAttestationKeyAttributes
            || (ak.Attributes & ObjectAttributes.Decrypt) != 0)
        {
            return $"AK attributes {ak.Attributes} are not those of a restricted, TPM-generated, non-duplicable signing key.";
        }

        if (ak.Parameters.Scheme is not (TpmAlgorithm.RsaSsa or TpmAlgorithm.RsaPss) || !TpmHash.IsSupported(ak.Parameters.SchemeHash) || !TpmHash.IsSupported(ak.NameAlgorithm))
        {
            return $"AK scheme {ak.Parameters.Scheme}/{ak.Parameters.SchemeHash} is not RSASSA or RSAPSS with SHA-256 or stronger.";
        }

        return ak.Parameters.KeyBits < 2048 || ak.Unique.Length * 8 != ak.Parameters.KeyBits
            ? $"AK modulus of {ak.Unique.Length * 8} bits is not an RSA key of at least 2048 bits."
            : null;
    }

    private EnrollmentResult? CheckEkCertificate(ReadOnlyMemory<byte> der, TpmPublicArea ek)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(der.Span);
        }
        catch (CryptographicException ex)
        {
            return Refuse(EnrollmentFailure.EkCertificateInvalid, "EK certificate is not DER X.509: " + ex.Message);
        }

        using (certificate)
        {
            try
            {
                return CheckCertificateKeyAndChain(certificate, ek);
            }
            catch (CryptographicException ex)
            {
                return Refuse(EnrollmentFailure.EkCertificateInvalid, "EK certificate cannot be processed: " + ex.Message);
            }
        }
    }

    private EnrollmentResult? CheckCertificateKeyAndChain(X509Certificate2 certificate, TpmPublicArea ek)
    {
        using var rsa = certificate.GetRSAPublicKey();
        if (rsa is null)
        {
            return Refuse(EnrollmentFailure.EkCertificateInvalid, "EK certificate does not hold an RSA key.");
        }

        var parameters = rsa.ExportParameters(false);
        var exponent = ek.Parameters.Exponent == 0 ? 65537u : ek.Parameters.Exponent;
        if (parameters.Modulus is null || !parameters.Modulus.AsSpan().SequenceEqual(ek.Unique.Span)
            || parameters.Exponent is null || new System.Numerics.BigInteger(parameters.Exponent, isUnsigned: true, isBigEndian: true) != exponent)
        {
            return Refuse(EnrollmentFailure.EkCertificateKeyMismatch, "The EK certificate certifies a different key than the EK presented.");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_options.TrustedRoots);
        chain.ChainPolicy.ExtraStore.AddRange(_options.Intermediates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = _timeProvider.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (!chain.Build(certificate))
        {
            var reasons = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}"));
            return Refuse(EnrollmentFailure.EkCertificateUntrusted, $"EK certificate {certificate.Subject} does not chain to a trusted CA: {reasons}");
        }

        return null;
    }

    private sealed record PendingChallenge(byte[] Secret, DateTimeOffset ExpiresAt, byte[] EkPublic, byte[] AkPublic, byte[] AkName);
}
