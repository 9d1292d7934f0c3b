using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Transports;

namespace Vedliot.Attestation.Tests.Tpm;

public sealed class LinuxTpmDeviceTransportTests
{
    [Fact]
    public async Task Command_is_written_in_one_write_and_a_response_split_across_reads_is_reassembled()
    {
        var device = new FakeTpmDevice(Convert.FromHexString("80010000001000000000000401020304"), chunk: 3);
        await using var transport = new LinuxTpmDeviceTransport(device);
        await using var tpm = new TpmClient(transport, ownsTransport: false);

        var bytes = await tpm.GetRandomAsync(4);

        Assert.Equal(new byte[] { 1, 2, 3, 4 }, bytes);
        Assert.Equal([Convert.FromHexString("80010000000C0000017B0004")], device.Writes);
    }

    [Fact]
    public async Task Device_that_closes_mid_response_fails_with_a_transport_error()
    {
        var device = new FakeTpmDevice(Convert.FromHexString("8001000000100000"), chunk: 64);
        await using var transport = new LinuxTpmDeviceTransport(device);
        await Assert.ThrowsAsync<TpmTransportException>(() => transport.ExecuteAsync(new byte[12]));
        var again = await Assert.ThrowsAsync<TpmTransportException>(() => transport.ExecuteAsync(new byte[12]));
        Assert.Contains("reopen", again.Message, StringComparison.Ordinal);
        Assert.Single(device.Writes);
    }

    [Fact]
    public async Task Response_header_with_an_absurd_size_is_rejected()
    {
        var device = new FakeTpmDevice(Convert.FromHexString("8001FFFFFFFF00000000"), chunk: 64);
        await using var transport = new LinuxTpmDeviceTransport(device);
        await Assert.ThrowsAsync<TpmTransportException>(() => transport.ExecuteAsync(new byte[12]));
    }

    [Fact]
    public void Opening_a_missing_device_fails_with_a_transport_error()
    {
        Assert.Throws<TpmTransportException>(() => LinuxTpmDeviceTransport.Open("/nonexistent/tpmrm9"));
    }

    /// <summary>Stands in for the /dev/tpmrm0 file: records writes and returns a canned response in chunks.</summary>
    private sealed class FakeTpmDevice(byte[] response, int chunk) : Stream
    {
        private int _offset;

        public List<byte[]> Writes { get; } = [];

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), response.Length - _offset);
            Array.Copy(response, _offset, buffer, offset, n);
            _offset += n;
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count) => Writes.Add(buffer.AsSpan(offset, count).ToArray());

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
