using System.Buffers.Binary;
using Vedliot.Attestation.Tests.Infrastructure;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Marshalling;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tests.Tpm;

public sealed class CommandFramingTests
{
    [Fact]
    public void GetRandom_command_bytes_match_part_3()
    {
        var command = TpmClient.BuildCommand(TpmCommandCode.GetRandom, [], [], w => w.WriteUInt16(8));
        Assert.Equal(Convert.FromHexString("80010000000C0000017B0008"), command);
    }

    [Fact]
    public void Command_with_a_password_session_carries_the_authorization_area()
    {
        var command = TpmClient.BuildCommand(TpmCommandCode.PcrReset, [23], [TpmAuthorization.EmptyPassword], null);
        Assert.Equal(Convert.FromHexString("80020000001B0000013D00000017" + "00000009" + "40000009" + "0000" + "01" + "0000"), command);
    }

    [Fact]
    public void Response_size_that_disagrees_with_the_bytes_is_rejected()
    {
        var response = Convert.FromHexString("80010000000F00000000000000");
        Assert.Throws<TpmFormatException>(() => TpmClient.ParseResponse(TpmCommandCode.GetRandom, response, 0, 0));
    }

    [Fact]
    public void Error_response_becomes_a_named_exception()
    {
        var response = Convert.FromHexString("80010000000A0000018B");
        var error = Assert.Throws<TpmException>(() => TpmClient.ParseResponse(TpmCommandCode.FlushContext, response, 0, 0));
        Assert.Equal("TPM_RC_HANDLE", error.ResponseCode.Name);
    }

    [Fact]
    public void Response_with_sessions_exposes_exactly_the_parameter_area()
    {
        var response = Convert.FromHexString("8002" + "00000016" + "00000000" + "00000003" + "AABBCC" + "0000" + "01" + "0000");
        var parsed = TpmClient.ParseResponse(TpmCommandCode.PcrExtend, response, 0, 1);
        Assert.Equal(3, parsed.Parameters.Remaining);
    }

    [Fact]
    public void Parameter_size_beyond_the_response_is_rejected()
    {
        var response = Convert.FromHexString("8002" + "00000012" + "00000000" + "000000FF" + "AABBCC" + "00");
        Assert.Throws<TpmFormatException>(() => TpmClient.ParseResponse(TpmCommandCode.PcrExtend, response, 0, 1));
    }

    [Fact]
    public async Task Command_answered_with_retry_is_resent_until_it_runs()
    {
        var transport = new ScriptedTransport(
            Convert.FromHexString("80010000000A00000922"),
            Convert.FromHexString("80010000000A0000090A"),
            Convert.FromHexString("80010000001000000000000401020304"));
        await using var tpm = new TpmClient(transport);

        var bytes = await tpm.GetRandomAsync(4);

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, bytes);
        Assert.Equal(3, transport.Commands.Count);
        Assert.All(transport.Commands, c => Assert.Equal(transport.Commands[0], c));
    }

    [Fact]
    public async Task Retry_is_bounded()
    {
        var retry = Convert.FromHexString("80010000000A00000922");
        var transport = new ScriptedTransport(Enumerable.Repeat(retry, 20).ToArray());
        await using var tpm = new TpmClient(transport);

        var error = await Assert.ThrowsAsync<TpmException>(() => tpm.GetRandomAsync(4));

        Assert.Equal("TPM_RC_RETRY", error.ResponseCode.Name);
        Assert.Equal(8, transport.Commands.Count);
    }

    [Fact]
    public async Task Pcr_read_that_returns_fewer_pcrs_is_continued()
    {
        // Recorded shape of a TPM that returns at most 1 digest per PCR_Read.
        static byte[] Answer(int pcr, byte fill)
        {
            var w = new TpmWriter();
            w.WriteUInt16(0x8001);
            w.WriteUInt32(0);
            w.WriteUInt32(0);
            w.WriteUInt32(7);
            TpmMarshaller.WritePcrSelectionList(w, [new PcrSelection(TpmAlgorithm.Sha256, [pcr])]);
            w.WriteUInt32(1);
            w.WriteSized(Enumerable.Repeat(fill, 32).ToArray());
            var bytes = w.ToArray();
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(2), (uint)bytes.Length);
            return bytes;
        }

        var transport = new ScriptedTransport(Answer(16, 0x16), Answer(23, 0x23));
        await using var tpm = new TpmClient(transport);

        var result = await tpm.PcrReadAsync(TpmAlgorithm.Sha256, [16, 23]);

        Assert.Equal(0x16, result.Values[16].Span[0]);
        Assert.Equal(0x23, result.Values[23].Span[0]);
        Assert.Equal(2, transport.Commands.Count);
    }
}
