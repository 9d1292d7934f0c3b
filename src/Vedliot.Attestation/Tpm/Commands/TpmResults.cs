using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tpm.Commands;

/// <summary>A loaded object: its transient handle, public area and Name. The caller must flush the handle.</summary>
/// <param name="Handle">Transient handle.</param>
/// <param name="Public">Public area.</param>
/// <param name="Name">The object's Name (nameAlg || H(TPMT_PUBLIC)).</param>
public sealed record LoadedObject(uint Handle, TpmPublicArea Public, ReadOnlyMemory<byte> Name);

/// <summary>Result of TPM2_ReadPublic.</summary>
/// <param name="Public">Public area.</param>
/// <param name="Name">Name.</param>
/// <param name="QualifiedName">Qualified Name.</param>
public sealed record ReadPublicResult(TpmPublicArea Public, ReadOnlyMemory<byte> Name, ReadOnlyMemory<byte> QualifiedName);

/// <summary>Result of TPM2_PCR_Read.</summary>
/// <param name="UpdateCounter">pcrUpdateCounter at the time of the read.</param>
/// <param name="Values">PCR index to value, in the requested bank.</param>
public sealed record PcrReadResult(uint UpdateCounter, IReadOnlyDictionary<int, ReadOnlyMemory<byte>> Values);

/// <summary>Result of TPM2_Quote.</summary>
/// <param name="Attest">The exact TPMS_ATTEST bytes that were signed.</param>
/// <param name="Attestation">The decoded TPMS_ATTEST.</param>
/// <param name="Signature">The signature over <paramref name="Attest"/>.</param>
public sealed record QuoteResult(ReadOnlyMemory<byte> Attest, TpmQuoteAttestation Attestation, TpmSignature Signature);

/// <summary>Result of TPM2_StartAuthSession.</summary>
/// <param name="Handle">Session handle; flush it if it is not consumed.</param>
/// <param name="NonceTpm">The TPM's first nonce.</param>
public sealed record AuthSession(uint Handle, ReadOnlyMemory<byte> NonceTpm);
