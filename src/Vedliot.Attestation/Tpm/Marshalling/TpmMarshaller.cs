using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tpm.Marshalling;

/// <summary>
/// The one encoder/decoder for the TPM 2.0 structures Vedliot uses. Every reader validates sizes and
/// selectors and fails with <see cref="TpmFormatException"/> naming the structure (TPM 2.0 Part 2).
/// </summary>
public static class TpmMarshaller
{
    /// <summary>TPM_GENERATED_VALUE (TPM 2.0 Part 2, Table 7).</summary>
    public const uint TpmGeneratedValue = 0xFF544347;

    /// <summary>Largest PCR index accepted (PC Client TPMs have 24 PCRs; selections are at most 32 bytes).</summary>
    private const int MaxSizeOfSelect = 32;

    /// <summary>Largest list count accepted in any TPML (bounded to keep parsing of hostile input cheap).</summary>
    private const uint MaxListCount = 64;

    /// <summary>Largest digest or name size accepted (TPM2B_DIGEST / TPM2B_NAME upper bounds, SHA-512 plus algorithm id).</summary>
    private const int MaxNameSize = 2 + 64;

    /// <summary>Writes a TPML_PCR_SELECTION (TPM 2.0 Part 2, 10.9.7).</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="selections">The banks and indices.</param>
    public static void WritePcrSelectionList(TpmWriter writer, IReadOnlyList<PcrSelection> selections)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(selections);
        writer.WriteUInt32((uint)selections.Count);
        foreach (var selection in selections)
        {
            var maxIndex = selection.Indices.Count == 0 ? 0 : selection.Indices.Max();
            var size = Math.Max(3, (maxIndex / 8) + 1);
            var bitmap = new byte[size];
            foreach (var index in selection.Indices)
            {
                if (index < 0 || index >= MaxSizeOfSelect * 8)
                {
                    throw new ArgumentOutOfRangeException(nameof(selections), index, "PCR index out of range.");
                }

                bitmap[index / 8] |= (byte)(1 << (index % 8));
            }

            writer.WriteUInt16((ushort)selection.Hash);
            writer.WriteByte((byte)size);
            writer.WriteBytes(bitmap);
        }
    }

    /// <summary>Reads a TPML_PCR_SELECTION (TPM 2.0 Part 2, 10.9.7).</summary>
    /// <param name="reader">Source.</param>
    /// <returns>The selections, indices ascending.</returns>
    public static IReadOnlyList<PcrSelection> ReadPcrSelectionList(TpmReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = ReadCount(reader, "TPML_PCR_SELECTION.count");
        var result = new List<PcrSelection>((int)count);
        for (var i = 0; i < count; i++)
        {
            var hash = (TpmAlgorithm)reader.ReadUInt16("TPMS_PCR_SELECTION.hash");
            var size = reader.ReadByte("TPMS_PCR_SELECTION.sizeofSelect");
            if (size > MaxSizeOfSelect)
            {
                throw new TpmFormatException($"TPMS_PCR_SELECTION.sizeofSelect {size} exceeds {MaxSizeOfSelect} (TPM 2.0 Part 2, 10.6.2).");
            }

            var bitmap = reader.ReadBytes(size, "TPMS_PCR_SELECTION.pcrSelect").Span;
            var indices = new List<int>();
            for (var bit = 0; bit < size * 8; bit++)
            {
                if ((bitmap[bit / 8] & (1 << (bit % 8))) != 0)
                {
                    indices.Add(bit);
                }
            }

            result.Add(new PcrSelection(hash, indices));
        }

        return result;
    }

    /// <summary>Reads a TPML_DIGEST (TPM 2.0 Part 2, 10.9.2).</summary>
    /// <param name="reader">Source.</param>
    /// <returns>The digests.</returns>
    public static IReadOnlyList<ReadOnlyMemory<byte>> ReadDigestList(TpmReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var count = ReadCount(reader, "TPML_DIGEST.count");
        var result = new List<ReadOnlyMemory<byte>>((int)count);
        for (var i = 0; i < count; i++)
        {
            result.Add(reader.ReadSized("TPML_DIGEST.digests", 64));
        }

        return result;
    }

    /// <summary>Writes a TPMT_PUBLIC for an RSA object (TPM 2.0 Part 2, 12.2.4).</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="area">The public area.</param>
    public static void WritePublicArea(TpmWriter writer, TpmPublicArea area)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(area);
        if (area.Type != TpmAlgorithm.Rsa)
        {
            throw new ArgumentException($"Only RSA public areas are supported, not {area.Type}.", nameof(area));
        }

        writer.WriteUInt16((ushort)area.Type);
        writer.WriteUInt16((ushort)area.NameAlgorithm);
        writer.WriteUInt32((uint)area.Attributes);
        writer.WriteSized(area.AuthPolicy.Span);
        var p = area.Parameters;
        writer.WriteUInt16((ushort)p.SymmetricAlgorithm);
        if (p.SymmetricAlgorithm != TpmAlgorithm.Null)
        {
            writer.WriteUInt16(p.SymmetricKeyBits);
            writer.WriteUInt16((ushort)p.SymmetricMode);
        }

        writer.WriteUInt16((ushort)p.Scheme);
        if (SchemeHasHash(p.Scheme))
        {
            writer.WriteUInt16((ushort)p.SchemeHash);
        }

        writer.WriteUInt16(p.KeyBits);
        writer.WriteUInt32(p.Exponent);
        writer.WriteSized(area.Unique.Span);
    }

    /// <summary>Reads a TPMT_PUBLIC for an RSA object (TPM 2.0 Part 2, 12.2.4).</summary>
    /// <param name="reader">Source.</param>
    /// <returns>The public area.</returns>
    public static TpmPublicArea ReadPublicArea(TpmReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var type = (TpmAlgorithm)reader.ReadUInt16("TPMT_PUBLIC.type");
        if (type != TpmAlgorithm.Rsa)
        {
            throw new TpmFormatException($"TPMT_PUBLIC.type {type} is not supported (only TPM_ALG_RSA, TPM 2.0 Part 2, 12.2.4).");
        }

        var nameAlg = (TpmAlgorithm)reader.ReadUInt16("TPMT_PUBLIC.nameAlg");
        var attributes = (ObjectAttributes)reader.ReadUInt32("TPMT_PUBLIC.objectAttributes");
        var authPolicy = reader.ReadSized("TPMT_PUBLIC.authPolicy", 64);
        var symAlg = (TpmAlgorithm)reader.ReadUInt16("TPMS_RSA_PARMS.symmetric.algorithm");
        ushort symBits = 0;
        var symMode = TpmAlgorithm.Null;
        if (symAlg != TpmAlgorithm.Null)
        {
            symBits = reader.ReadUInt16("TPMS_RSA_PARMS.symmetric.keyBits");
            symMode = (TpmAlgorithm)reader.ReadUInt16("TPMS_RSA_PARMS.symmetric.mode");
        }

        var scheme = (TpmAlgorithm)reader.ReadUInt16("TPMS_RSA_PARMS.scheme.scheme");
        var schemeHash = TpmAlgorithm.Null;
        if (SchemeHasHash(scheme))
        {
            schemeHash = (TpmAlgorithm)reader.ReadUInt16("TPMS_RSA_PARMS.scheme.details.hashAlg");
        }
        else if (scheme is not (TpmAlgorithm.Null or TpmAlgorithm.RsaEs))
        {
            throw new TpmFormatException($"TPMS_RSA_PARMS.scheme {scheme} is not a TPMI_ALG_RSA_SCHEME (TPM 2.0 Part 2, 11.2.4.2).");
        }

        var keyBits = reader.ReadUInt16("TPMS_RSA_PARMS.keyBits");
        var exponent = reader.ReadUInt32("TPMS_RSA_PARMS.exponent");
        var unique = reader.ReadSized("TPMT_PUBLIC.unique.rsa", 512);
        return new TpmPublicArea(type, nameAlg, attributes, authPolicy, new RsaParameters(symAlg, symBits, symMode, scheme, schemeHash, keyBits, exponent), unique);
    }

    /// <summary>Encodes a public area as a standalone TPMT_PUBLIC.</summary>
    /// <param name="area">The public area.</param>
    /// <returns>The encoding.</returns>
    public static byte[] EncodePublicArea(TpmPublicArea area) => Encode(w => WritePublicArea(w, area));

    /// <summary>Decodes a standalone TPMT_PUBLIC, requiring every byte to be consumed.</summary>
    /// <param name="encoded">The encoding.</param>
    /// <returns>The public area.</returns>
    public static TpmPublicArea DecodePublicArea(ReadOnlyMemory<byte> encoded) => DecodeWhole(encoded, ReadPublicArea, "TPMT_PUBLIC");

    /// <summary>Writes a TPM2B_PUBLIC (size-prefixed TPMT_PUBLIC).</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="area">The public area.</param>
    public static void WriteSizedPublicArea(TpmWriter writer, TpmPublicArea area)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var mark = writer.BeginSized();
        WritePublicArea(writer, area);
        writer.EndSized(mark);
    }

    /// <summary>Reads a TPM2B_PUBLIC and checks that its size matches its contents.</summary>
    /// <param name="reader">Source.</param>
    /// <returns>The public area.</returns>
    public static TpmPublicArea ReadSizedPublicArea(TpmReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return DecodePublicArea(reader.ReadSized("TPM2B_PUBLIC"));
    }

    /// <summary>Writes a TPMT_SIGNATURE for RSASSA or RSAPSS (TPM 2.0 Part 2, 11.3.4).</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="signature">The signature.</param>
    public static void WriteSignature(TpmWriter writer, TpmSignature signature)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(signature);
        writer.WriteUInt16((ushort)signature.Scheme);
        writer.WriteUInt16((ushort)signature.Hash);
        writer.WriteSized(signature.Value.Span);
    }

    /// <summary>Reads a TPMT_SIGNATURE for RSASSA or RSAPSS (TPM 2.0 Part 2, 11.3.4).</summary>
    /// <param name="reader">Source.</param>
    /// <returns>The signature.</returns>
    public static TpmSignature ReadSignature(TpmReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var scheme = (TpmAlgorithm)reader.ReadUInt16("TPMT_SIGNATURE.sigAlg");
        if (scheme is not (TpmAlgorithm.RsaSsa or TpmAlgorithm.RsaPss))
        {
            throw new TpmFormatException($"TPMT_SIGNATURE.sigAlg {scheme} is not supported (RSASSA or RSAPSS, TPM 2.0 Part 2, 11.3.3).");
        }

        var hash = (TpmAlgorithm)reader.ReadUInt16("TPMS_SIGNATURE_RSA.hash");
        var value = reader.ReadSized("TPMS_SIGNATURE_RSA.sig", 512);
        return new TpmSignature(scheme, hash, value);
    }

    /// <summary>Encodes a standalone TPMT_SIGNATURE.</summary>
    /// <param name="signature">The signature.</param>
    /// <returns>The encoding.</returns>
    public static byte[] EncodeSignature(TpmSignature signature) => Encode(w => WriteSignature(w, signature));

    /// <summary>Decodes a standalone TPMT_SIGNATURE, requiring every byte to be consumed.</summary>
    /// <param name="encoded">The encoding.</param>
    /// <returns>The signature.</returns>
    public static TpmSignature DecodeSignature(ReadOnlyMemory<byte> encoded) => DecodeWhole(encoded, ReadSignature, "TPMT_SIGNATURE");

    /// <summary>Writes a TPMS_ATTEST holding a quote (TPM 2.0 Part 2, 10.12.12).</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="attestation">The attestation.</param>
    public static void WriteQuoteAttestation(TpmWriter writer, TpmQuoteAttestation attestation)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(attestation);
        writer.WriteUInt32(attestation.Magic);
        writer.WriteUInt16((ushort)attestation.Type);
        writer.WriteSized(attestation.QualifiedSigner.Span);
        writer.WriteSized(attestation.ExtraData.Span);
        writer.WriteUInt64(attestation.ClockInfo.Clock);
        writer.WriteUInt32(attestation.ClockInfo.ResetCount);
        writer.WriteUInt32(attestation.ClockInfo.RestartCount);
        writer.WriteByte(attestation.ClockInfo.Safe ? (byte)1 : (byte)0);
        writer.WriteUInt64(attestation.FirmwareVersion);
        WritePcrSelectionList(writer, attestation.PcrSelections);
        writer.WriteSized(attestation.PcrDigest.Span);
    }

    /// <summary>Decodes a standalone TPMS_ATTEST that must be a quote (TPM 2.0 Part 2, 10.12.12); every byte must be consumed.</summary>
    /// <param name="encoded">The encoding (the bytes the TPM signed).</param>
    /// <returns>The attestation.</returns>
    public static TpmQuoteAttestation DecodeQuoteAttestation(ReadOnlyMemory<byte> encoded)
    {
        var reader = new TpmReader(encoded);
        var magic = reader.ReadUInt32("TPMS_ATTEST.magic");
        var type = (TpmStructureTag)reader.ReadUInt16("TPMS_ATTEST.type");
        if (type != TpmStructureTag.AttestQuote)
        {
            throw new TpmFormatException($"TPMS_ATTEST.type 0x{(ushort)type:X4} is not TPM_ST_ATTEST_QUOTE (TPM 2.0 Part 2, 10.12.10).");
        }

        var signer = reader.ReadSized("TPMS_ATTEST.qualifiedSigner", MaxNameSize);
        var extra = reader.ReadSized("TPMS_ATTEST.extraData", 64);
        var clock = reader.ReadUInt64("TPMS_CLOCK_INFO.clock");
        var resetCount = reader.ReadUInt32("TPMS_CLOCK_INFO.resetCount");
        var restartCount = reader.ReadUInt32("TPMS_CLOCK_INFO.restartCount");
        var safe = reader.ReadByte("TPMS_CLOCK_INFO.safe");
        if (safe > 1)
        {
            throw new TpmFormatException($"TPMS_CLOCK_INFO.safe {safe} is not a TPMI_YES_NO (TPM 2.0 Part 2, 9.2).");
        }

        var firmware = reader.ReadUInt64("TPMS_ATTEST.firmwareVersion");
        var selections = ReadPcrSelectionList(reader);
        var digest = reader.ReadSized("TPMS_QUOTE_INFO.pcrDigest", 64);
        reader.EnsureEnd("TPMS_ATTEST");
        return new TpmQuoteAttestation(magic, type, signer, extra, new TpmClockInfo(clock, resetCount, restartCount, safe == 1), firmware, selections, digest);
    }

    /// <summary>Encodes a standalone TPMS_ATTEST quote.</summary>
    /// <param name="attestation">The attestation.</param>
    /// <returns>The encoding.</returns>
    public static byte[] EncodeQuoteAttestation(TpmQuoteAttestation attestation) => Encode(w => WriteQuoteAttestation(w, attestation));

    /// <summary>Reads a TPM2B_NV_PUBLIC (TPM 2.0 Part 2, 13.6).</summary>
    /// <param name="reader">Source.</param>
    /// <returns>The NV public area.</returns>
    public static NvPublic ReadSizedNvPublic(TpmReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var inner = new TpmReader(reader.ReadSized("TPM2B_NV_PUBLIC"));
        var index = inner.ReadUInt32("TPMS_NV_PUBLIC.nvIndex");
        var nameAlg = (TpmAlgorithm)inner.ReadUInt16("TPMS_NV_PUBLIC.nameAlg");
        var attributes = inner.ReadUInt32("TPMS_NV_PUBLIC.attributes");
        var policy = inner.ReadSized("TPMS_NV_PUBLIC.authPolicy", 64);
        var size = inner.ReadUInt16("TPMS_NV_PUBLIC.dataSize");
        inner.EnsureEnd("TPMS_NV_PUBLIC");
        return new NvPublic(index, nameAlg, attributes, policy, size);
    }

    /// <summary>Writes a TPM2B_ID_OBJECT and a TPM2B_ENCRYPTED_SECRET (the ActivateCredential parameters, TPM 2.0 Part 3, 12.5).</summary>
    /// <param name="writer">Destination.</param>
    /// <param name="credential">The credential.</param>
    public static void WriteIdentityCredential(TpmWriter writer, IdentityCredential credential)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(credential);
        writer.WriteSized(credential.CredentialBlob.Span);
        writer.WriteSized(credential.EncryptedSecret.Span);
    }

    /// <summary>Encodes a wrapped key as TPM2B_PRIVATE followed by TPM2B_PUBLIC (the TPM2_Load inputs).</summary>
    /// <param name="key">The wrapped key.</param>
    /// <returns>The encoding.</returns>
    public static byte[] EncodeKeyBlob(TpmKeyBlob key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Encode(w =>
        {
            w.WriteSized(key.Private.Span);
            WriteSizedPublicArea(w, key.Public);
        });
    }

    /// <summary>Decodes a wrapped key written by <see cref="EncodeKeyBlob"/>.</summary>
    /// <param name="encoded">The encoding.</param>
    /// <returns>The wrapped key.</returns>
    public static TpmKeyBlob DecodeKeyBlob(ReadOnlyMemory<byte> encoded) =>
        DecodeWhole(encoded, r => new TpmKeyBlob(r.ReadSized("TPM2B_PRIVATE"), ReadSizedPublicArea(r)), "wrapped key");

    private static byte[] Encode(Action<TpmWriter> write)
    {
        var writer = new TpmWriter(512);
        write(writer);
        return writer.ToArray();
    }

    private static T DecodeWhole<T>(ReadOnlyMemory<byte> encoded, Func<TpmReader, T> read, string structure)
    {
        var reader = new TpmReader(encoded);
        var value = read(reader);
        reader.EnsureEnd(structure);
        return value;
    }

    private static uint ReadCount(TpmReader reader, string field)
    {
        var count = reader.ReadUInt32(field);
        if (count > MaxListCount)
        {
            throw new TpmFormatException($"{field} {count} exceeds the supported maximum {MaxListCount}.");
        }

        return count;
    }

    private static bool SchemeHasHash(TpmAlgorithm scheme) =>
        scheme is TpmAlgorithm.RsaSsa or TpmAlgorithm.RsaPss or TpmAlgorithm.Oaep;
}
