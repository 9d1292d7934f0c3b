using Vedliot.Attestation.Tpm;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tests.Tpm;

public sealed class MarshallingTests
{
    private static readonly TpmQuoteAttestation SampleQuote = new(
        TpmMarshaller.TpmGeneratedValue,
        TpmStructureTag.AttestQuote,
        Convert.FromHexString("000B" + new string('A', 64)),
        Convert.FromHexString("0102030405060708"),
        new TpmClockInfo(123456789, 3, 1, true),
        0x2019102300163636,
        [new PcrSelection(TpmAlgorithm.Sha256, [16, 23])],
        new byte[32]);

    [Fact]
    public void Ek_template_encodes_to_the_tcg_template_bytes()
    {
        var encoded = TpmMarshaller.EncodePublicArea(KeyTemplates.RsaEndorsementKey);
        var expectedPrefix = Convert.FromHexString(
            "0001" + "000B" + "000300B2" + "0020" + "837197674484B3F81A90CC8D46A5D724FD52D76E06520B64F2A1DA1B331469AA"
            + "0006" + "0080" + "0043" + "0010" + "0800" + "00000000" + "0100");
        Assert.Equal(expectedPrefix, encoded[..expectedPrefix.Length]);
        Assert.Equal(expectedPrefix.Length + 256, encoded.Length);
    }

    [Fact]
    public void Public_area_round_trips()
    {
        var ak = KeyTemplates.RsaAttestationKey with { Unique = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray() };
        var decoded = TpmMarshaller.DecodePublicArea(TpmMarshaller.EncodePublicArea(ak));
        Assert.Equal(TpmMarshaller.EncodePublicArea(ak), TpmMarshaller.EncodePublicArea(decoded));
        Assert.Equal(ak.Attributes, decoded.Attributes);
        Assert.Equal(TpmAlgorithm.RsaSsa, decoded.Parameters.Scheme);
        Assert.Equal(TpmAlgorithm.Sha256, decoded.Parameters.SchemeHash);
    }

    [Fact]
    public void Quote_attestation_round_trips()
    {
        var bytes = TpmMarshaller.EncodeQuoteAttestation(SampleQuote);
        var decoded = TpmMarshaller.DecodeQuoteAttestation(bytes);
        Assert.Equal(bytes, TpmMarshaller.EncodeQuoteAttestation(decoded));
        Assert.Equal([16, 23], decoded.PcrSelections.Single().Indices);
        Assert.Equal(3u, decoded.ClockInfo.ResetCount);
    }

    [Fact]
    public void Pcr_selection_uses_a_three_byte_bitmap_with_little_endian_bit_order()
    {
        var writer = new TpmWriter();
        TpmMarshaller.WritePcrSelectionList(writer, [new PcrSelection(TpmAlgorithm.Sha256, [0, 7, 16, 23])]);
        Assert.Equal(Convert.FromHexString("00000001" + "000B" + "03" + "810081"), writer.ToArray());
    }

    [Fact]
    public void Signature_round_trips()
    {
        var signature = new TpmSignature(TpmAlgorithm.RsaSsa, TpmAlgorithm.Sha256, new byte[256]);
        var bytes = TpmMarshaller.EncodeSignature(signature);
        Assert.Equal(Convert.FromHexString("0014000B0100"), bytes[..6]);
        Assert.Equal(bytes, TpmMarshaller.EncodeSignature(TpmMarshaller.DecodeSignature(bytes)));
    }

    [Fact]
    public void Every_truncation_of_a_quote_fails_with_a_format_error()
    {
        var bytes = TpmMarshaller.EncodeQuoteAttestation(SampleQuote);
        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<TpmFormatException>(() => TpmMarshaller.DecodeQuoteAttestation(bytes.AsMemory(0, length)));
        }
    }

    [Fact]
    public void Trailing_bytes_after_a_quote_are_rejected()
    {
        var bytes = TpmMarshaller.EncodeQuoteAttestation(SampleQuote).Append((byte)0).ToArray();
        var error = Assert.Throws<TpmFormatException>(() => TpmMarshaller.DecodeQuoteAttestation(bytes));
        Assert.Contains("trailing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Attestation_of_another_type_is_rejected_naming_the_structure()
    {
        var bytes = TpmMarshaller.EncodeQuoteAttestation(SampleQuote with { Type = TpmStructureTag.Creation });
        var error = Assert.Throws<TpmFormatException>(() => TpmMarshaller.DecodeQuoteAttestation(bytes));
        Assert.Contains("TPMS_ATTEST.type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_list_count_is_rejected_without_allocating()
    {
        var bytes = Convert.FromHexString("FFFFFFFF");
        Assert.Throws<TpmFormatException>(() => TpmMarshaller.ReadPcrSelectionList(new TpmReader(bytes)));
    }

    [Fact]
    public void Key_blob_round_trips()
    {
        var blob = new TpmKeyBlob(new byte[] { 1, 2, 3 }, KeyTemplates.RsaAttestationKey with { Unique = new byte[256] });
        var decoded = TpmMarshaller.DecodeKeyBlob(TpmMarshaller.EncodeKeyBlob(blob));
        Assert.Equal(new byte[] { 1, 2, 3 }, decoded.Private.ToArray());
        Assert.Equal(TpmMarshaller.EncodePublicArea(blob.Public), TpmMarshaller.EncodePublicArea(decoded.Public));
    }
}
