using System.Security.Cryptography;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Tpm;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Verifier;

namespace Vedliot.Attestation.Attester;

/// <summary>
/// The node side of attestation. On creation it recreates the EK from the default template (the key certified
/// at NV 0x01C00002), loads or creates the AK under it, and resets the application PCR so that the measurement
/// log starts empty. It then measures artefacts (PCR extend + log append), answers enrollment challenges with
/// TPM2_ActivateCredential and answers attestation challenges with TPM2_Quote. Only the AK stays loaded (one
/// transient slot) until disposed; the EK is recreated when needed and flushed straight after. Operations are
/// serialised.
/// </summary>
public sealed class NodeAttester : IAsyncDisposable
{
    private readonly TpmClient _tpm;
    private readonly AttesterOptions _options;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly MeasurementLog _log;
    private readonly Lock _logLock = new();
    private TpmPublicArea? _ek;
    private LoadedObject? _ak;

    private NodeAttester(TpmClient tpm, AttesterOptions options)
    {
        _tpm = tpm;
        _options = options;
        _log = new MeasurementLog(options.MeasurementPcr);
    }

    /// <summary>The node id.</summary>
    public string NodeId => _options.NodeId;

    /// <summary>The EK public area.</summary>
    public TpmPublicArea EndorsementKey => _ek ?? throw new ObjectDisposedException(nameof(NodeAttester));

    /// <summary>The AK public area.</summary>
    public TpmPublicArea AttestationKey => Loaded(_ak).Public;

    /// <summary>The AK Name.</summary>
    public ReadOnlyMemory<byte> AttestationKeyName => Loaded(_ak).Name;

    /// <summary>Starts an attester on a TPM.</summary>
    /// <param name="tpm">The TPM client; not owned (dispose it after the attester).</param>
    /// <param name="options">Options (validated here).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The attester; dispose it to flush its keys.</returns>
    public static async Task<NodeAttester> CreateAsync(TpmClient tpm, AttesterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tpm);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var attester = new NodeAttester(tpm, options);
        try
        {
            await attester.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return attester;
        }
        catch
        {
            await attester.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A copy of the measurement log so far.</summary>
    /// <returns>The log.</returns>
    public MeasurementLog GetLog()
    {
        lock (_logLock)
        {
            return _log.Snapshot();
        }
    }

    /// <summary>Builds the enrollment request: EK certificate (NV 0x01C00002), EK and AK public areas.</summary>
    /// <param name="cancellationToken">Cancels the TPM reads.</param>
    /// <returns>The request.</returns>
    public Task<EnrollmentRequest> CreateEnrollmentRequestAsync(CancellationToken cancellationToken = default) =>
        ExclusiveAsync(
            async () =>
            {
                var certificate = await _tpm.NvReadAsync(TpmHandles.RsaEkCertificateNvIndex, cancellationToken).ConfigureAwait(false);
                return new EnrollmentRequest(NodeId, certificate, TpmMarshaller.EncodePublicArea(EndorsementKey), TpmMarshaller.EncodePublicArea(Loaded(_ak).Public));
            },
            cancellationToken);

    /// <summary>Releases the verifier's credential with TPM2_ActivateCredential (EK authorized by its policy session).</summary>
    /// <param name="challenge">The verifier's challenge.</param>
    /// <param name="cancellationToken">Cancels the TPM exchanges.</param>
    /// <returns>The response carrying the released secret.</returns>
    public Task<EnrollmentResponse> AnswerEnrollmentAsync(EnrollmentChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return ExclusiveAsync(
            async () =>
            {
                var ak = Loaded(_ak);
                var credential = new IdentityCredential(challenge.CredentialBlob, challenge.EncryptedSecret);
                var secret = await WithEndorsementKeyAsync(
                    ek => _tpm.WithEndorsementPolicyAsync(auth => _tpm.ActivateCredentialAsync(ak.Handle, ek, auth, credential, cancellationToken), cancellationToken),
                    cancellationToken).ConfigureAwait(false);
                return new EnrollmentResponse(NodeId, secret);
            },
            cancellationToken);
    }

    /// <summary>Measures an artefact held in memory: SHA-256, PCR extend, log append.</summary>
    /// <param name="type">Artefact type.</param>
    /// <param name="name">Artefact name.</param>
    /// <param name="content">The artefact bytes.</param>
    /// <param name="cancellationToken">Cancels the extend.</param>
    /// <returns>The logged event.</returns>
    public Task<MeasurementEvent> MeasureAsync(ArtefactType type, string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        MeasureDigestAsync(type, name, SHA256.HashData(content.Span), cancellationToken);

    /// <summary>Measures a file, hashing it as a stream.</summary>
    /// <param name="type">Artefact type.</param>
    /// <param name="name">Artefact name.</param>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels hashing and the extend.</param>
    /// <returns>The logged event.</returns>
    public async Task<MeasurementEvent> MeasureFileAsync(ArtefactType type, string name, string path, CancellationToken cancellationToken = default)
    {
        var stream = File.OpenRead(path);
        byte[] digest;
        await using (stream.ConfigureAwait(false))
        {
            digest = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        return await MeasureDigestAsync(type, name, digest, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records an artefact digest: extends the event digest into the PCR, then appends the event.</summary>
    /// <param name="type">Artefact type.</param>
    /// <param name="name">Artefact name.</param>
    /// <param name="sha256">SHA-256 of the artefact.</param>
    /// <param name="cancellationToken">Cancels the extend.</param>
    /// <returns>The logged event.</returns>
    public Task<MeasurementEvent> MeasureDigestAsync(ArtefactType type, string name, ReadOnlyMemory<byte> sha256, CancellationToken cancellationToken = default) =>
        ExclusiveAsync(
            async () =>
            {
                var e = _log.NextEvent(type, name, sha256);
                await _tpm.PcrExtendAsync(_log.Pcr, MeasurementLog.Bank, MeasurementLog.EventDigest(e), cancellationToken).ConfigureAwait(false);
                lock (_logLock)
                {
                    _log.Append(e);
                }

                return e;
            },
            cancellationToken);

    /// <summary>Answers a challenge: quotes the requested PCRs with the AK over the nonce and returns the values and log.</summary>
    /// <param name="challenge">The verifier's challenge.</param>
    /// <param name="cancellationToken">Cancels the TPM exchanges.</param>
    /// <returns>The evidence.</returns>
    public Task<AttestationEvidence> QuoteAsync(AttestationChallenge challenge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return ExclusiveAsync(
            async () =>
            {
                var selection = new[] { new PcrSelection(TpmAlgorithm.Sha256, challenge.Pcrs) };
                var quote = await _tpm.QuoteAsync(Loaded(_ak).Handle, challenge.Nonce, selection, cancellationToken).ConfigureAwait(false);
                var values = await _tpm.PcrReadAsync(TpmAlgorithm.Sha256, challenge.Pcrs.ToArray(), cancellationToken).ConfigureAwait(false);
                return new AttestationEvidence(NodeId, quote.Attest, TpmMarshaller.EncodeSignature(quote.Signature), values.Values, _log.Snapshot());
            },
            cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ak is not null)
        {
            await _tpm.TryFlushAsync(_ak.Handle).ConfigureAwait(false);
            _ak = null;
        }

        _ek = null;
        _gate.Dispose();
    }

    /// <summary>Runs an operation while holding the attester's lock, so measurements and quotes never interleave.</summary>
    private async Task<T> ExclusiveAsync<T>(Func<Task<T>> operation, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static LoadedObject Loaded(LoadedObject? o) => o ?? throw new ObjectDisposedException(nameof(NodeAttester));

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var path = _options.AttestationKeyPath;
        var stored = path is null ? null : await AttestationKeyFile.ReadAsync(path, NodeId, cancellationToken).ConfigureAwait(false);
        _ak = await WithEndorsementKeyAsync(
            async ek =>
            {
                var blob = stored ?? await _tpm.WithEndorsementPolicyAsync(auth => _tpm.CreateAsync(ek, auth, KeyTemplates.RsaAttestationKey, cancellationToken), cancellationToken).ConfigureAwait(false);
                LoadedObject loaded;
                try
                {
                    loaded = await _tpm.WithEndorsementPolicyAsync(auth => _tpm.LoadAsync(ek, auth, blob, cancellationToken), cancellationToken).ConfigureAwait(false);
                }
                catch (TpmException e) when (stored is not null && !e.ResponseCode.IsWarning)
                {
                    throw AttestationKeyFile.NotLoadable(path!, NodeId, e);
                }

                if (stored is null && path is not null)
                {
                    await File.WriteAllBytesAsync(path, TpmMarshaller.EncodeKeyBlob(blob), cancellationToken).ConfigureAwait(false);
                }

                return loaded;
            },
            cancellationToken).ConfigureAwait(false);
        await _tpm.PcrResetAsync(_options.MeasurementPcr, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Recreates the EK from the default template, runs an operation with its handle, and flushes it.</summary>
    private async Task<T> WithEndorsementKeyAsync<T>(Func<uint, Task<T>> operation, CancellationToken cancellationToken)
    {
        var ek = await _tpm.CreatePrimaryAsync(TpmHandles.Endorsement, KeyTemplates.RsaEndorsementKey, cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ek is not null && !TpmMarshaller.EncodePublicArea(_ek).AsSpan().SequenceEqual(TpmMarshaller.EncodePublicArea(ek.Public)))
            {
                throw new InvalidOperationException("The endorsement key changed: the TPM's endorsement hierarchy was cleared.");
            }

            _ek = ek.Public;
            return await operation(ek.Handle).ConfigureAwait(false);
        }
        finally
        {
            await _tpm.TryFlushAsync(ek.Handle).ConfigureAwait(false);
        }
    }
}
