using System.Security.Cryptography;
using Vedliot.Attestation.Tpm.Crypto;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Tpm.Transports;

namespace Vedliot.Attestation.Tpm.Commands;

/// <summary>
/// Typed TPM 2.0 commands over an <see cref="ITpmTransport"/> (TPM 2.0 Part 3). Each method marshals one
/// command, checks the response header and decodes failures to <see cref="TpmException"/>. Methods that
/// create transient objects or sessions return handles the caller must release with
/// <see cref="FlushContextAsync"/>; helpers that create temporary objects flush them before returning.
/// A command answered with TPM_RC_RETRY, TPM_RC_YIELDED or TPM_RC_TESTING was not started and is resent
/// (at most 8 attempts). Each exchange is serialised by the transport, but a sequence of commands (e.g. a
/// policy session followed by the command it authorizes) is not atomic: callers sharing a client serialise
/// such sequences themselves, as <c>NodeAttester</c> does.
/// </summary>
public sealed class TpmClient : IAsyncDisposable
{
    private const int CommandHeaderSize = 10;
    private const int MaxAttempts = 8;
    private const uint RcYielded = 0x908;
    private const uint RcTesting = 0x90A;
    private const uint RcRetry = 0x922;
    private readonly ITpmTransport _transport;
    private readonly bool _ownsTransport;

    /// <summary>Creates a client.</summary>
    /// <param name="transport">The transport to the TPM.</param>
    /// <param name="ownsTransport">Whether disposing the client disposes the transport.</param>
    public TpmClient(ITpmTransport transport, bool ownsTransport = true)
    {
        ArgumentNullException.ThrowIfNull(transport);
        _transport = transport;
        _ownsTransport = ownsTransport;
    }

    /// <summary>TPM2_Startup (Part 3, 9.3).</summary>
    /// <param name="startupType">CLEAR or STATE.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>True if the TPM started; false if it was already started (TPM_RC_INITIALIZE).</returns>
    public async Task<bool> StartupAsync(TpmStartupType startupType = TpmStartupType.Clear, CancellationToken cancellationToken = default)
    {
        try
        {
            await ExecuteAsync(TpmCommandCode.Startup, [], [], w => w.WriteUInt16((ushort)startupType), 0, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TpmException ex) when (ex.ResponseCode.Value == 0x100)
        {
            return false;
        }
    }

    /// <summary>
    /// TPM2_Shutdown (Part 3, 9.4): prepares the TPM for power loss so that the next start is orderly.
    /// A TPM that loses power without it counts the loss against dictionary-attack protection.
    /// </summary>
    /// <param name="shutdownType">Clear (the next start resets state) or State (it may resume).</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    public Task ShutdownAsync(TpmStartupType shutdownType = TpmStartupType.Clear, CancellationToken cancellationToken = default) =>
        ExecuteAsync(TpmCommandCode.Shutdown, [], [], w => w.WriteUInt16((ushort)shutdownType), 0, cancellationToken);

    /// <summary>TPM2_GetRandom (Part 3, 16.1), repeated until <paramref name="count"/> bytes have been returned.</summary>
    /// <param name="count">Number of random bytes.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>Random bytes from the TPM's RNG.</returns>
    public async Task<byte[]> GetRandomAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var want = (ushort)Math.Min(count - filled, 64);
            var response = await ExecuteAsync(TpmCommandCode.GetRandom, [], [], w => w.WriteUInt16(want), 0, cancellationToken).ConfigureAwait(false);
            var bytes = response.Parameters.ReadSized("TPM2B_DIGEST randomBytes", 64);
            response.Parameters.EnsureEnd("TPM2_GetRandom response");
            if (bytes.Length == 0)
            {
                throw new TpmFormatException("TPM2_GetRandom returned no bytes.");
            }

            var take = Math.Min(bytes.Length, count - filled);
            bytes.Span[..take].CopyTo(result.AsSpan(filled));
            filled += take;
        }

        return result;
    }

    /// <summary>TPM2_GetCapability(TPM_CAP_PCRS) (Part 3, 30.2): the allocated PCR banks.</summary>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>One selection per bank, listing the PCRs allocated in it.</returns>
    public async Task<IReadOnlyList<PcrSelection>> GetPcrBanksAsync(CancellationToken cancellationToken = default)
    {
        var reader = await GetCapabilityAsync(TpmCapability.Pcrs, 0, 1, cancellationToken).ConfigureAwait(false);
        var banks = TpmMarshaller.ReadPcrSelectionList(reader);
        reader.EnsureEnd("TPMS_CAPABILITY_DATA");
        return banks;
    }

    /// <summary>TPM2_GetCapability(TPM_CAP_TPM_PROPERTIES) (Part 3, 30.2).</summary>
    /// <param name="first">First property to return.</param>
    /// <param name="count">Maximum number of properties.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The properties the TPM returned (possibly fewer than asked).</returns>
    public async Task<IReadOnlyList<TaggedProperty>> GetPropertiesAsync(TpmPropertyTag first, uint count, CancellationToken cancellationToken = default)
    {
        var reader = await GetCapabilityAsync(TpmCapability.TpmProperties, (uint)first, count, cancellationToken).ConfigureAwait(false);
        var n = reader.ReadUInt32("TPML_TAGGED_TPM_PROPERTY.count");
        if (n > 128)
        {
            throw new TpmFormatException($"TPML_TAGGED_TPM_PROPERTY.count {n} exceeds MAX_TPM_PROPERTIES (TPM 2.0 Part 2, 10.9.8).");
        }

        var list = new List<TaggedProperty>((int)n);
        for (var i = 0; i < n; i++)
        {
            list.Add(new TaggedProperty((TpmPropertyTag)reader.ReadUInt32("TPMS_TAGGED_PROPERTY.property"), reader.ReadUInt32("TPMS_TAGGED_PROPERTY.value")));
        }

        reader.EnsureEnd("TPMS_CAPABILITY_DATA");
        return list;
    }

    /// <summary>TPM2_GetCapability(TPM_CAP_HANDLES) (Part 3, 30.2): loaded handles of one type.</summary>
    /// <param name="firstHandle">First handle of the range, e.g. <see cref="TpmHandles.TransientFirst"/>.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The handles in that range.</returns>
    public async Task<IReadOnlyList<uint>> GetHandlesAsync(uint firstHandle, CancellationToken cancellationToken = default)
    {
        var reader = await GetCapabilityAsync(TpmCapability.Handles, firstHandle, 64, cancellationToken).ConfigureAwait(false);
        var n = reader.ReadUInt32("TPML_HANDLE.count");
        if (n > 254)
        {
            throw new TpmFormatException($"TPML_HANDLE.count {n} exceeds MAX_CAP_HANDLES (TPM 2.0 Part 2, 10.9.5).");
        }

        var list = new List<uint>((int)n);
        for (var i = 0; i < n; i++)
        {
            var handle = reader.ReadUInt32("TPML_HANDLE.handle");
            if ((handle >> 24) == (firstHandle >> 24))
            {
                list.Add(handle);
            }
        }

        reader.EnsureEnd("TPMS_CAPABILITY_DATA");
        return list;
    }

    /// <summary>TPM2_PCR_Read (Part 3, 22.4), repeated until every requested PCR of the bank has been read.</summary>
    /// <param name="bank">Hash bank.</param>
    /// <param name="indices">PCR indices.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The values and the update counter of the last read.</returns>
    public async Task<PcrReadResult> PcrReadAsync(TpmAlgorithm bank, IReadOnlyCollection<int> indices, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var pending = new SortedSet<int>(indices);
        var values = new SortedDictionary<int, ReadOnlyMemory<byte>>();
        uint counter = 0;
        while (pending.Count > 0)
        {
            var request = new[] { new PcrSelection(bank, pending.ToArray()) };
            var response = await ExecuteAsync(TpmCommandCode.PcrRead, [], [], w => TpmMarshaller.WritePcrSelectionList(w, request), 0, cancellationToken).ConfigureAwait(false);
            var reader = response.Parameters;
            counter = reader.ReadUInt32("TPM2_PCR_Read pcrUpdateCounter");
            var selected = TpmMarshaller.ReadPcrSelectionList(reader);
            var digests = TpmMarshaller.ReadDigestList(reader);
            reader.EnsureEnd("TPM2_PCR_Read response");
            var returned = selected.Where(s => s.Hash == bank).SelectMany(s => s.Indices).ToList();
            if (returned.Count == 0 || returned.Count != digests.Count || returned.Any(i => !pending.Contains(i)))
            {
                throw new TpmFormatException($"TPM2_PCR_Read returned {returned.Count} selected PCR(s) and {digests.Count} digest(s) for a request of {pending.Count}.");
            }

            for (var i = 0; i < returned.Count; i++)
            {
                values[returned[i]] = digests[i];
                pending.Remove(returned[i]);
            }
        }

        return new PcrReadResult(counter, values);
    }

    /// <summary>TPM2_PCR_Extend (Part 3, 22.2) for one bank, authorized with the empty password.</summary>
    /// <param name="pcr">PCR index.</param>
    /// <param name="bank">Bank hash.</param>
    /// <param name="digest">Digest to extend (its size must match the bank).</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when the PCR has been extended.</returns>
    public async Task PcrExtendAsync(int pcr, TpmAlgorithm bank, ReadOnlyMemory<byte> digest, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pcr);
        if (digest.Length != TpmHash.DigestSize(bank))
        {
            throw new ArgumentException($"A {bank} digest is {TpmHash.DigestSize(bank)} bytes, not {digest.Length}.", nameof(digest));
        }

        await ExecuteAsync(
            TpmCommandCode.PcrExtend,
            [(uint)pcr],
            [TpmAuthorization.EmptyPassword],
            w =>
            {
                w.WriteUInt32(1);
                w.WriteUInt16((ushort)bank);
                w.WriteBytes(digest.Span);
            },
            0,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>TPM2_PCR_Reset (Part 3, 22.8): sets a resettable PCR (e.g. 16 or 23 at locality 0) to zero.</summary>
    /// <param name="pcr">PCR index.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when the PCR has been reset.</returns>
    public async Task PcrResetAsync(int pcr, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pcr);
        await ExecuteAsync(TpmCommandCode.PcrReset, [(uint)pcr], [TpmAuthorization.EmptyPassword], null, 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>TPM2_CreatePrimary (Part 3, 24.1) with an empty authValue and no creation PCRs.</summary>
    /// <param name="hierarchy">Hierarchy handle, e.g. <see cref="TpmHandles.Endorsement"/>.</param>
    /// <param name="template">The public template.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The loaded primary; the caller must flush it.</returns>
    public async Task<LoadedObject> CreatePrimaryAsync(uint hierarchy, TpmPublicArea template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(template);
        var response = await ExecuteAsync(TpmCommandCode.CreatePrimary, [hierarchy], [TpmAuthorization.EmptyPassword], w => WriteCreateParameters(w, template), 1, cancellationToken).ConfigureAwait(false);
        var reader = response.Parameters;
        var area = TpmMarshaller.ReadSizedPublicArea(reader);
        SkipCreationData(reader);
        var name = reader.ReadSized("TPM2B_NAME name", 66);
        reader.EnsureEnd("TPM2_CreatePrimary response");
        return new LoadedObject(response.Handles[0], area, name);
    }

    /// <summary>TPM2_Create (Part 3, 12.1): a new key under a loaded parent, returned wrapped (not loaded).</summary>
    /// <param name="parent">Parent handle.</param>
    /// <param name="parentAuthorization">Authorization for the parent's USER role.</param>
    /// <param name="template">The public template.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The wrapped key.</returns>
    public async Task<TpmKeyBlob> CreateAsync(uint parent, TpmAuthorization parentAuthorization, TpmPublicArea template, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parentAuthorization);
        ArgumentNullException.ThrowIfNull(template);
        var response = await ExecuteAsync(TpmCommandCode.Create, [parent], [parentAuthorization], w => WriteCreateParameters(w, template), 0, cancellationToken).ConfigureAwait(false);
        var reader = response.Parameters;
        var privateBlob = reader.ReadSized("TPM2B_PRIVATE outPrivate");
        var area = TpmMarshaller.ReadSizedPublicArea(reader);
        SkipCreationData(reader);
        reader.EnsureEnd("TPM2_Create response");
        return new TpmKeyBlob(privateBlob.ToArray(), area);
    }

    /// <summary>TPM2_Load (Part 3, 12.2): loads a wrapped key under its parent.</summary>
    /// <param name="parent">Parent handle.</param>
    /// <param name="parentAuthorization">Authorization for the parent's USER role.</param>
    /// <param name="key">The wrapped key.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The loaded key; the caller must flush it.</returns>
    public async Task<LoadedObject> LoadAsync(uint parent, TpmAuthorization parentAuthorization, TpmKeyBlob key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parentAuthorization);
        ArgumentNullException.ThrowIfNull(key);
        var response = await ExecuteAsync(
            TpmCommandCode.Load,
            [parent],
            [parentAuthorization],
            w =>
            {
                w.WriteSized(key.Private.Span);
                TpmMarshaller.WriteSizedPublicArea(w, key.Public);
            },
            1,
            cancellationToken).ConfigureAwait(false);
        var name = response.Parameters.ReadSized("TPM2B_NAME name", 66);
        response.Parameters.EnsureEnd("TPM2_Load response");
        return new LoadedObject(response.Handles[0], key.Public, name);
    }

    /// <summary>TPM2_ReadPublic (Part 3, 12.4).</summary>
    /// <param name="handle">A loaded or persistent object.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>Public area, Name and qualified Name.</returns>
    public async Task<ReadPublicResult> ReadPublicAsync(uint handle, CancellationToken cancellationToken = default)
    {
        var response = await ExecuteAsync(TpmCommandCode.ReadPublic, [handle], [], null, 0, cancellationToken).ConfigureAwait(false);
        var reader = response.Parameters;
        var area = TpmMarshaller.ReadSizedPublicArea(reader);
        var name = reader.ReadSized("TPM2B_NAME name", 66);
        var qualified = reader.ReadSized("TPM2B_NAME qualifiedName", 66);
        reader.EnsureEnd("TPM2_ReadPublic response");
        return new ReadPublicResult(area, name, qualified);
    }

    /// <summary>TPM2_NV_ReadPublic (Part 3, 31.6).</summary>
    /// <param name="nvIndex">The NV index.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The index's public area.</returns>
    public async Task<NvPublic> NvReadPublicAsync(uint nvIndex, CancellationToken cancellationToken = default)
    {
        var response = await ExecuteAsync(TpmCommandCode.NvReadPublic, [nvIndex], [], null, 0, cancellationToken).ConfigureAwait(false);
        var reader = response.Parameters;
        var nvPublic = TpmMarshaller.ReadSizedNvPublic(reader);
        reader.ReadSized("TPM2B_NAME nvName", 66);
        reader.EnsureEnd("TPM2_NV_ReadPublic response");
        return nvPublic;
    }

    /// <summary>TPM2_NV_Read (Part 3, 31.13) of a whole index in chunks of TPM_PT_NV_BUFFER_MAX, authorized by the index itself with the empty password.</summary>
    /// <param name="nvIndex">The NV index.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The index's data.</returns>
    public async Task<byte[]> NvReadAsync(uint nvIndex, CancellationToken cancellationToken = default)
    {
        var nvPublic = await NvReadPublicAsync(nvIndex, cancellationToken).ConfigureAwait(false);
        var properties = await GetPropertiesAsync(TpmPropertyTag.NvBufferMax, 1, cancellationToken).ConfigureAwait(false);
        var chunk = properties.FirstOrDefault(p => p.Property == TpmPropertyTag.NvBufferMax)?.Value ?? 512u;
        chunk = Math.Clamp(chunk, 64u, 2048u);
        var data = new byte[nvPublic.DataSize];
        var offset = 0;
        while (offset < data.Length)
        {
            var size = (ushort)Math.Min(chunk, (uint)(data.Length - offset));
            var at = (ushort)offset;
            var response = await ExecuteAsync(
                TpmCommandCode.NvRead,
                [nvIndex, nvIndex],
                [TpmAuthorization.EmptyPassword],
                w =>
                {
                    w.WriteUInt16(size);
                    w.WriteUInt16(at);
                },
                0,
                cancellationToken).ConfigureAwait(false);
            var bytes = response.Parameters.ReadSized("TPM2B_MAX_NV_BUFFER data", 2048);
            response.Parameters.EnsureEnd("TPM2_NV_Read response");
            if (bytes.Length != size)
            {
                throw new TpmFormatException($"TPM2_NV_Read returned {bytes.Length} bytes, asked for {size}.");
            }

            bytes.Span.CopyTo(data.AsSpan(offset));
            offset += size;
        }

        return data;
    }

    /// <summary>TPM2_Quote (Part 3, 18.4) with the key's own signing scheme, authorized with the empty password.</summary>
    /// <param name="signHandle">The loaded restricted signing key.</param>
    /// <param name="qualifyingData">The verifier's nonce (at most 64 bytes).</param>
    /// <param name="selection">PCRs to quote.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The signed TPMS_ATTEST and its signature.</returns>
    public async Task<QuoteResult> QuoteAsync(uint signHandle, ReadOnlyMemory<byte> qualifyingData, IReadOnlyList<PcrSelection> selection, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        var response = await ExecuteAsync(
            TpmCommandCode.Quote,
            [signHandle],
            [TpmAuthorization.EmptyPassword],
            w =>
            {
                w.WriteSized(qualifyingData.Span);
                w.WriteUInt16((ushort)TpmAlgorithm.Null);
                TpmMarshaller.WritePcrSelectionList(w, selection);
            },
            0,
            cancellationToken).ConfigureAwait(false);
        var reader = response.Parameters;
        var attest = reader.ReadSized("TPM2B_ATTEST quoted").ToArray();
        var signature = TpmMarshaller.ReadSignature(reader);
        reader.EnsureEnd("TPM2_Quote response");
        return new QuoteResult(attest, TpmMarshaller.DecodeQuoteAttestation(attest), signature);
    }

    /// <summary>TPM2_StartAuthSession (Part 3, 11.1): an unbound, unsalted session with SHA-256 and no parameter encryption.</summary>
    /// <param name="sessionType">Policy, trial or HMAC.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The session; flush it if it is not consumed by a command.</returns>
    public async Task<AuthSession> StartAuthSessionAsync(TpmSessionType sessionType, CancellationToken cancellationToken = default)
    {
        var nonce = RandomNumberGenerator.GetBytes(32);
        var response = await ExecuteAsync(
            TpmCommandCode.StartAuthSession,
            [TpmHandles.Null, TpmHandles.Null],
            [],
            w =>
            {
                w.WriteSized(nonce);
                w.WriteSized([]);
                w.WriteByte((byte)sessionType);
                w.WriteUInt16((ushort)TpmAlgorithm.Null);
                w.WriteUInt16((ushort)TpmAlgorithm.Sha256);
            },
            1,
            cancellationToken).ConfigureAwait(false);
        var nonceTpm = response.Parameters.ReadSized("TPM2B_NONCE nonceTPM", 64);
        response.Parameters.EnsureEnd("TPM2_StartAuthSession response");
        return new AuthSession(response.Handles[0], nonceTpm);
    }

    /// <summary>TPM2_PolicySecret (Part 3, 23.4) naming an entity authorized with the empty password, no expiry, cpHash or policyRef.</summary>
    /// <param name="authHandle">The entity whose authorization is proven, e.g. <see cref="TpmHandles.Endorsement"/>.</param>
    /// <param name="policySession">The policy session to update.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when the policy digest has been updated.</returns>
    public async Task PolicySecretAsync(uint authHandle, uint policySession, CancellationToken cancellationToken = default)
    {
        var response = await ExecuteAsync(
            TpmCommandCode.PolicySecret,
            [authHandle, policySession],
            [TpmAuthorization.EmptyPassword],
            w =>
            {
                w.WriteSized([]);
                w.WriteSized([]);
                w.WriteSized([]);
                w.WriteUInt32(0);
            },
            0,
            cancellationToken).ConfigureAwait(false);
        var reader = response.Parameters;
        reader.ReadSized("TPM2B_TIMEOUT timeout");
        reader.ReadUInt16("TPMT_TK_AUTH.tag");
        reader.ReadUInt32("TPMT_TK_AUTH.hierarchy");
        reader.ReadSized("TPMT_TK_AUTH.digest", 64);
        reader.EnsureEnd("TPM2_PolicySecret response");
    }

    /// <summary>TPM2_ActivateCredential (Part 3, 12.5): recovers a credential made with MakeCredential for this key pair.</summary>
    /// <param name="activateHandle">The object named in the credential (the AK), ADMIN role, empty password.</param>
    /// <param name="keyHandle">The decryption key (the EK), USER role.</param>
    /// <param name="keyAuthorization">Authorization for <paramref name="keyHandle"/> (a satisfied policy session for an EK).</param>
    /// <param name="credential">The credential blob and encrypted seed.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The recovered credential.</returns>
    public async Task<byte[]> ActivateCredentialAsync(uint activateHandle, uint keyHandle, TpmAuthorization keyAuthorization, IdentityCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keyAuthorization);
        ArgumentNullException.ThrowIfNull(credential);
        var response = await ExecuteAsync(
            TpmCommandCode.ActivateCredential,
            [activateHandle, keyHandle],
            [TpmAuthorization.EmptyPassword, keyAuthorization],
            w => TpmMarshaller.WriteIdentityCredential(w, credential),
            0,
            cancellationToken).ConfigureAwait(false);
        var certInfo = response.Parameters.ReadSized("TPM2B_DIGEST certInfo", 64).ToArray();
        response.Parameters.EnsureEnd("TPM2_ActivateCredential response");
        return certInfo;
    }

    /// <summary>TPM2_FlushContext (Part 3, 28.4): removes a transient object or session from the TPM.</summary>
    /// <param name="handle">The handle to flush.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>A task that completes when the handle is gone.</returns>
    public async Task FlushContextAsync(uint handle, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(TpmCommandCode.FlushContext, [], [], w => w.WriteUInt32(handle), 0, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Runs a command that needs the USER role of an endorsement-hierarchy key whose authPolicy is
    /// PolicySecret(TPM_RH_ENDORSEMENT) (the TCG default EK). Starts a policy session, satisfies it, and hands it
    /// to <paramref name="command"/> as a single-use authorization; the session is flushed if the command fails.
    /// </summary>
    /// <typeparam name="T">Result type.</typeparam>
    /// <param name="command">The command to run with the session authorization.</param>
    /// <param name="cancellationToken">Cancels the exchanges.</param>
    /// <returns>The command's result.</returns>
    public async Task<T> WithEndorsementPolicyAsync<T>(Func<TpmAuthorization, Task<T>> command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var session = await StartAuthSessionAsync(TpmSessionType.Policy, cancellationToken).ConfigureAwait(false);
        try
        {
            await PolicySecretAsync(TpmHandles.Endorsement, session.Handle, cancellationToken).ConfigureAwait(false);
            return await command(TpmAuthorization.PolicySession(session.Handle, RandomNumberGenerator.GetBytes(32))).ConfigureAwait(false);
        }
        catch (Exception)
        {
            await TryFlushAsync(session.Handle).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Flushes a handle and ignores a failure (used on error paths, where the original exception matters).</summary>
    /// <param name="handle">The handle.</param>
    /// <returns>True if the flush succeeded.</returns>
    public async Task<bool> TryFlushAsync(uint handle)
    {
        try
        {
            await FlushContextAsync(handle, CancellationToken.None).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is TpmException or TpmTransportException or TpmFormatException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsTransport)
        {
            await _transport.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Marshals a command from its parts (TPM 2.0 Part 1, 18.6 "Command/Response Structure").</summary>
    /// <param name="commandCode">The command.</param>
    /// <param name="handles">The handle area.</param>
    /// <param name="authorizations">The authorization area (empty for TPM_ST_NO_SESSIONS).</param>
    /// <param name="writeParameters">Writes the parameter area.</param>
    /// <returns>The command bytes.</returns>
    public static byte[] BuildCommand(TpmCommandCode commandCode, ReadOnlySpan<uint> handles, IReadOnlyList<TpmAuthorization> authorizations, Action<TpmWriter>? writeParameters)
    {
        ArgumentNullException.ThrowIfNull(authorizations);
        var writer = new TpmWriter(512);
        writer.WriteUInt16((ushort)(authorizations.Count == 0 ? TpmStructureTag.NoSessions : TpmStructureTag.Sessions));
        writer.WriteUInt32(0);
        writer.WriteUInt32((uint)commandCode);
        foreach (var handle in handles)
        {
            writer.WriteUInt32(handle);
        }

        if (authorizations.Count > 0)
        {
            var sizeAt = writer.Length;
            writer.WriteUInt32(0);
            foreach (var auth in authorizations)
            {
                writer.WriteUInt32(auth.SessionHandle);
                writer.WriteSized(auth.NonceCaller.Span);
                writer.WriteByte((byte)auth.Attributes);
                writer.WriteSized(auth.Hmac.Span);
            }

            writer.PatchUInt32(sizeAt, (uint)(writer.Length - sizeAt - 4));
        }

        writeParameters?.Invoke(writer);
        writer.PatchUInt32(2, (uint)writer.Length);
        return writer.ToArray();
    }

    /// <summary>
    /// Checks a response's header and splits it into handles and parameters (TPM 2.0 Part 1, 18.8); a non-zero
    /// response code becomes a <see cref="TpmException"/>.
    /// </summary>
    /// <param name="commandCode">The command this answers (for error messages).</param>
    /// <param name="response">The response bytes.</param>
    /// <param name="handleCount">Number of handles in the response handle area.</param>
    /// <param name="sessionCount">Number of authorizations in the command (the response carries as many).</param>
    /// <returns>The handles and a reader over exactly the parameter area.</returns>
    public static TpmResponse ParseResponse(TpmCommandCode commandCode, ReadOnlyMemory<byte> response, int handleCount, int sessionCount)
    {
        var reader = new TpmReader(response);
        var tag = (TpmStructureTag)reader.ReadUInt16("response tag");
        var size = reader.ReadUInt32("response responseSize");
        var code = reader.ReadUInt32("response responseCode");
        if (size != response.Length)
        {
            throw new TpmFormatException($"TPM2_{commandCode} response: responseSize {size} does not match the {response.Length} bytes received (TPM 2.0 Part 1, 18.8).");
        }

        if (code != TpmResponseCode.Success)
        {
            if (size != CommandHeaderSize)
            {
                throw new TpmFormatException($"TPM2_{commandCode} response: an error response must be exactly {CommandHeaderSize} bytes, got {size}.");
            }

            throw new TpmException(commandCode, TpmResponseCode.Decode(code));
        }

        var expectedTag = sessionCount > 0 ? TpmStructureTag.Sessions : TpmStructureTag.NoSessions;
        if (tag != expectedTag)
        {
            throw new TpmFormatException($"TPM2_{commandCode} response: tag 0x{(ushort)tag:X4}, expected {expectedTag} (TPM 2.0 Part 2, Table 19).");
        }

        var handles = new uint[handleCount];
        for (var i = 0; i < handleCount; i++)
        {
            handles[i] = reader.ReadUInt32("response handle");
        }

        if (sessionCount == 0)
        {
            return new TpmResponse(handles, new TpmReader(reader.ReadBytes(reader.Remaining, "parameters")));
        }

        var parameterSize = reader.ReadUInt32("response parameterSize");
        if (parameterSize > reader.Remaining)
        {
            throw new TpmFormatException($"TPM2_{commandCode} response: parameterSize {parameterSize} exceeds the {reader.Remaining} bytes left.");
        }

        var parameters = reader.ReadBytes((int)parameterSize, "parameters");
        for (var i = 0; i < sessionCount; i++)
        {
            reader.ReadSized("TPMS_AUTH_RESPONSE.nonce", 64);
            reader.ReadByte("TPMS_AUTH_RESPONSE.sessionAttributes");
            reader.ReadSized("TPMS_AUTH_RESPONSE.hmac", 64);
        }

        reader.EnsureEnd($"TPM2_{commandCode} response authorization area");
        return new TpmResponse(handles, new TpmReader(parameters));
    }

    private static void WriteCreateParameters(TpmWriter writer, TpmPublicArea template)
    {
        // TPM2B_SENSITIVE_CREATE: empty userAuth and data.
        writer.WriteUInt16(4);
        writer.WriteUInt16(0);
        writer.WriteUInt16(0);
        TpmMarshaller.WriteSizedPublicArea(writer, template);
        writer.WriteSized([]);
        writer.WriteUInt32(0);
    }

    private static void SkipCreationData(TpmReader reader)
    {
        reader.ReadSized("TPM2B_CREATION_DATA creationData");
        reader.ReadSized("TPM2B_DIGEST creationHash", 64);
        var tag = reader.ReadUInt16("TPMT_TK_CREATION.tag");
        if (tag != (ushort)TpmStructureTag.Creation)
        {
            throw new TpmFormatException($"TPMT_TK_CREATION.tag 0x{tag:X4} is not TPM_ST_CREATION (TPM 2.0 Part 2, 10.7.3).");
        }

        reader.ReadUInt32("TPMT_TK_CREATION.hierarchy");
        reader.ReadSized("TPMT_TK_CREATION.digest", 64);
    }

    private async Task<TpmReader> GetCapabilityAsync(TpmCapability capability, uint property, uint count, CancellationToken cancellationToken)
    {
        var response = await ExecuteAsync(
            TpmCommandCode.GetCapability,
            [],
            [],
            w =>
            {
                w.WriteUInt32((uint)capability);
                w.WriteUInt32(property);
                w.WriteUInt32(count);
            },
            0,
            cancellationToken).ConfigureAwait(false);
        var reader = response.Parameters;
        reader.ReadByte("TPM2_GetCapability moreData");
        var returned = (TpmCapability)reader.ReadUInt32("TPMS_CAPABILITY_DATA.capability");
        if (returned != capability)
        {
            throw new TpmFormatException($"TPMS_CAPABILITY_DATA.capability {returned} does not match the requested {capability} (TPM 2.0 Part 2, 10.10.2).");
        }

        return reader;
    }

    private async Task<TpmResponse> ExecuteAsync(TpmCommandCode commandCode, uint[] handles, TpmAuthorization[] authorizations, Action<TpmWriter>? writeParameters, int responseHandles, CancellationToken cancellationToken)
    {
        var command = BuildCommand(commandCode, handles, authorizations, writeParameters);
        for (var attempt = 1; ; attempt++)
        {
            var response = await _transport.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
            try
            {
                return ParseResponse(commandCode, response, responseHandles, authorizations.Length);
            }
            catch (TpmException ex) when (attempt < MaxAttempts && IsNotStarted(ex.ResponseCode.Value))
            {
                // The TPM did not start the command (e.g. libtpms runs a deferred self-test on first use of an
                // algorithm); sessions are unchanged, so the identical bytes are resent (TPM 2.0 Part 1, 6.6.5).
            }
        }
    }

    private static bool IsNotStarted(uint responseCode) => responseCode is RcRetry or RcYielded or RcTesting;
}

/// <summary>A successful response split into its handle area and a reader over its parameter area.</summary>
/// <param name="Handles">The response handles.</param>
/// <param name="Parameters">Reader positioned at the first parameter; the parameter area ends where the reader ends.</param>
public sealed record TpmResponse(IReadOnlyList<uint> Handles, TpmReader Parameters);
