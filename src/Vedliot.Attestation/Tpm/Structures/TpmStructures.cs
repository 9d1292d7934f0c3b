namespace Vedliot.Attestation.Tpm.Structures;

/// <summary>TPMS_PCR_SELECTION: one hash bank and the PCR indices selected in it (TPM 2.0 Part 2, 10.6.2).</summary>
/// <param name="Hash">The PCR bank.</param>
/// <param name="Indices">Selected PCR indices, ascending.</param>
public sealed record PcrSelection(TpmAlgorithm Hash, IReadOnlyList<int> Indices);

/// <summary>RSA key parameters of a TPMT_PUBLIC (TPMS_RSA_PARMS, TPM 2.0 Part 2, 12.2.3.5).</summary>
/// <param name="SymmetricAlgorithm">Symmetric algorithm of a storage key, or <see cref="TpmAlgorithm.Null"/>.</param>
/// <param name="SymmetricKeyBits">Symmetric key size in bits (0 when the algorithm is null).</param>
/// <param name="SymmetricMode">Symmetric mode (e.g. CFB), or <see cref="TpmAlgorithm.Null"/>.</param>
/// <param name="Scheme">Signing or encryption scheme, or <see cref="TpmAlgorithm.Null"/>.</param>
/// <param name="SchemeHash">Hash of the scheme (absent when the scheme is null).</param>
/// <param name="KeyBits">Modulus size in bits.</param>
/// <param name="Exponent">Public exponent; 0 means the default 65537.</param>
public sealed record RsaParameters(
    TpmAlgorithm SymmetricAlgorithm,
    ushort SymmetricKeyBits,
    TpmAlgorithm SymmetricMode,
    TpmAlgorithm Scheme,
    TpmAlgorithm SchemeHash,
    ushort KeyBits,
    uint Exponent);

/// <summary>TPMT_PUBLIC for an RSA object (TPM 2.0 Part 2, 12.2.4).</summary>
/// <param name="Type">Object type; Vedliot handles <see cref="TpmAlgorithm.Rsa"/>.</param>
/// <param name="NameAlgorithm">Hash used to compute the object's Name.</param>
/// <param name="Attributes">TPMA_OBJECT bits.</param>
/// <param name="AuthPolicy">Policy digest (empty when none).</param>
/// <param name="Parameters">RSA parameters.</param>
/// <param name="Unique">The RSA modulus (TPM2B_PUBLIC_KEY_RSA); in a template, its size hint.</param>
public sealed record TpmPublicArea(
    TpmAlgorithm Type,
    TpmAlgorithm NameAlgorithm,
    ObjectAttributes Attributes,
    ReadOnlyMemory<byte> AuthPolicy,
    RsaParameters Parameters,
    ReadOnlyMemory<byte> Unique);

/// <summary>TPMT_SIGNATURE for RSA schemes (TPM 2.0 Part 2, 11.3.4).</summary>
/// <param name="Scheme">RSASSA or RSAPSS.</param>
/// <param name="Hash">Hash algorithm of the signed digest.</param>
/// <param name="Value">The signature (TPM2B_PUBLIC_KEY_RSA).</param>
public sealed record TpmSignature(TpmAlgorithm Scheme, TpmAlgorithm Hash, ReadOnlyMemory<byte> Value);

/// <summary>TPMS_CLOCK_INFO (TPM 2.0 Part 2, 10.11.1).</summary>
/// <param name="Clock">Milliseconds the TPM has been powered since manufacture.</param>
/// <param name="ResetCount">Number of TPM Resets since the last Clear.</param>
/// <param name="RestartCount">Number of Restarts/Resumes since the last Reset.</param>
/// <param name="Safe">Whether the clock value is known not to have gone backwards.</param>
public sealed record TpmClockInfo(ulong Clock, uint ResetCount, uint RestartCount, bool Safe);

/// <summary>TPMS_ATTEST carrying a TPMS_QUOTE_INFO (TPM 2.0 Part 2, 10.12.8 and 10.12.12).</summary>
/// <param name="Magic">TPM_GENERATED_VALUE (0xFF544347) when produced by a TPM.</param>
/// <param name="Type">Attestation type; <see cref="TpmStructureTag.AttestQuote"/> for quotes.</param>
/// <param name="QualifiedSigner">Qualified Name of the signing key.</param>
/// <param name="ExtraData">Caller-supplied qualifying data (the verifier's nonce).</param>
/// <param name="ClockInfo">Clock and reset counters.</param>
/// <param name="FirmwareVersion">TPM vendor firmware version.</param>
/// <param name="PcrSelections">The quoted PCR selection.</param>
/// <param name="PcrDigest">Digest of the selected PCR values, in selection order.</param>
public sealed record TpmQuoteAttestation(
    uint Magic,
    TpmStructureTag Type,
    ReadOnlyMemory<byte> QualifiedSigner,
    ReadOnlyMemory<byte> ExtraData,
    TpmClockInfo ClockInfo,
    ulong FirmwareVersion,
    IReadOnlyList<PcrSelection> PcrSelections,
    ReadOnlyMemory<byte> PcrDigest);

/// <summary>TPMS_NV_PUBLIC (TPM 2.0 Part 2, 13.5).</summary>
/// <param name="NvIndex">The NV index handle.</param>
/// <param name="NameAlgorithm">Hash used for the index Name.</param>
/// <param name="Attributes">TPMA_NV bits.</param>
/// <param name="AuthPolicy">Access policy digest.</param>
/// <param name="DataSize">Size of the data area in bytes.</param>
public sealed record NvPublic(uint NvIndex, TpmAlgorithm NameAlgorithm, uint Attributes, ReadOnlyMemory<byte> AuthPolicy, ushort DataSize);

/// <summary>TPMS_TAGGED_PROPERTY (TPM 2.0 Part 2, 10.8.2).</summary>
/// <param name="Property">The TPM_PT tag.</param>
/// <param name="Value">Its value.</param>
public sealed record TaggedProperty(TpmPropertyTag Property, uint Value);

/// <summary>The wrapped key returned by TPM2_Create: a TPM2B_PRIVATE (opaque, encrypted by the parent) and its public area.</summary>
/// <param name="Private">The TPM2B_PRIVATE buffer contents.</param>
/// <param name="Public">The public area.</param>
public sealed record TpmKeyBlob(ReadOnlyMemory<byte> Private, TpmPublicArea Public);

/// <summary>A credential sealed to an EK by MakeCredential (TPM 2.0 Part 1, 24 "Credential Protection").</summary>
/// <param name="CredentialBlob">TPM2B_ID_OBJECT contents: integrity HMAC followed by the encrypted credential.</param>
/// <param name="EncryptedSecret">TPM2B_ENCRYPTED_SECRET contents: the seed encrypted to the EK.</param>
public sealed record IdentityCredential(ReadOnlyMemory<byte> CredentialBlob, ReadOnlyMemory<byte> EncryptedSecret);
