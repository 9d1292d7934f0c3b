using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Structures;

namespace Vedliot.Attestation.Tests.Tpm;

public sealed class ResponseCodeTests
{
    [Theory]
    [InlineData(0x000u, "TPM_RC_SUCCESS", ResponseCodeSubject.None, 0)]
    [InlineData(0x100u, "TPM_RC_INITIALIZE", ResponseCodeSubject.None, 0)]
    [InlineData(0x143u, "TPM_RC_COMMAND_CODE", ResponseCodeSubject.None, 0)]
    [InlineData(0x18Bu, "TPM_RC_HANDLE", ResponseCodeSubject.Handle, 1)]
    [InlineData(0x98Eu, "TPM_RC_AUTH_FAIL", ResponseCodeSubject.Session, 1)]
    [InlineData(0x2D5u, "TPM_RC_SIZE", ResponseCodeSubject.Parameter, 2)]
    [InlineData(0x09Fu, "TPM_RC_INTEGRITY", ResponseCodeSubject.None, 0)]
    [InlineData(0x902u, "TPM_RC_OBJECT_MEMORY", ResponseCodeSubject.None, 0)]
    [InlineData(0x922u, "TPM_RC_RETRY", ResponseCodeSubject.None, 0)]
    [InlineData(0x910u, "TPM_RC_REFERENCE_H0", ResponseCodeSubject.Handle, 1)]
    [InlineData(0x919u, "TPM_RC_REFERENCE_S1", ResponseCodeSubject.Session, 2)]
    public void Response_codes_decode_to_their_names_and_subjects(uint value, string name, ResponseCodeSubject subject, int index)
    {
        var decoded = TpmResponseCode.Decode(value);
        Assert.Equal(name, decoded.Name);
        Assert.Equal(subject, decoded.Subject);
        Assert.Equal(index, decoded.Index);
    }

    [Fact]
    public void Format_one_codes_are_marked_and_warnings_flagged()
    {
        Assert.True(TpmResponseCode.Decode(0x1C4).IsFormat1);
        Assert.False(TpmResponseCode.Decode(0x1C4).IsWarning);
        Assert.True(TpmResponseCode.Decode(0x902).IsWarning);
        Assert.False(TpmResponseCode.Decode(0x902).IsFormat1);
    }

    [Fact]
    public void Tpm12_and_vendor_codes_are_recognised()
    {
        Assert.Equal("TPM_RC_TPM12", TpmResponseCode.Decode(0x01E).Name);
        Assert.Equal("TPM_RC_VENDOR", TpmResponseCode.Decode(0x501).Name);
    }

    [Fact]
    public void Exception_message_cites_the_command_name_and_table()
    {
        var error = new TpmException(TpmCommandCode.Quote, TpmResponseCode.Decode(0x18B));
        Assert.Equal("TPM2_Quote failed: TPM_RC_HANDLE 0x18B (handle 1): the handle is not correct for the use [TPM 2.0 Part 2, Table 16]", error.Message);
    }
}
