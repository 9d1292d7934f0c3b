using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Transports;
using Vedliot.Testing;

namespace Vedliot.Attestation.Tests.Tpm;

public sealed class TpmTransportTimeoutTests
{
    // TPM2_GetRandom of 4 bytes: tag 0x8001, size 12, TPM_CC 0x0000017B.
    private static readonly byte[] GetRandom = Convert.FromHexString("80010000000C0000017B0004");

    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(200);

    public static TheoryData<SwtpmFraming, SwtpmConnectionMode> Modes => new()
    {
        { SwtpmFraming.Raw, SwtpmConnectionMode.PerCommand },
        { SwtpmFraming.Simulator, SwtpmConnectionMode.PerCommand },
        { SwtpmFraming.Raw, SwtpmConnectionMode.Persistent },
        { SwtpmFraming.Simulator, SwtpmConnectionMode.Persistent },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_swtpm_server_that_accepts_but_never_answers_times_out_naming_the_tpm_the_command_and_the_timeout(SwtpmFraming framing, SwtpmConnectionMode mode)
    {
        await using var server = new SilentTcpServer();
        await using var transport = await SwtpmTcpTransport.ConnectAsync(new SwtpmTcpTransportOptions { Port = server.Port, Framing = framing, ConnectionMode = mode, CommandTimeout = Short });

        var error = await Assert.ThrowsAsync<TpmCommandTimeoutException>(() => transport.ExecuteAsync(GetRandom));

        Assert.Contains($"127.0.0.1:{server.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("TPM2_GetRandom (0x0000017B)", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.2 s", error.Message, StringComparison.Ordinal);
        Assert.Equal(0x17Bu, error.CommandCode);
        Assert.Equal(Short, error.Timeout);
    }

    [Fact]
    public async Task A_tpm_client_over_a_silent_swtpm_server_reports_the_timeout_not_a_hang()
    {
        await using var server = new SilentTcpServer();
        await using var tpm = new TpmClient(await SwtpmTcpTransport.ConnectAsync(new SwtpmTcpTransportOptions { Port = server.Port, CommandTimeout = Short }));

        var error = await Assert.ThrowsAsync<TpmCommandTimeoutException>(() => tpm.GetRandomAsync(8));

        Assert.Contains("TPM2_GetRandom", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_cancellation_stays_a_cancellation_and_is_not_reported_as_a_timeout()
    {
        await using var server = new SilentTcpServer();
        await using var transport = await SwtpmTcpTransport.ConnectAsync(new SwtpmTcpTransportOptions { Port = server.Port, CommandTimeout = TimeSpan.FromHours(1) });
        using var cancel = new CancellationTokenSource(Short);

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transport.ExecuteAsync(GetRandom, cancel.Token));

        Assert.IsNotType<TpmCommandTimeoutException>(error);
    }

    [Fact]
    public async Task A_tpm_device_that_never_answers_times_out_naming_its_path_and_is_then_refused()
    {
        var options = new LinuxTpmDeviceTransportOptions { Path = "/dev/tpmrm7", CommandTimeout = Short };
        await using var transport = new LinuxTpmDeviceTransport(new SilentDevice(), options);

        var error = await Assert.ThrowsAsync<TpmCommandTimeoutException>(() => transport.ExecuteAsync(GetRandom));
        var again = await Assert.ThrowsAsync<TpmTransportException>(() => transport.ExecuteAsync(GetRandom));

        Assert.Contains("/dev/tpmrm7", error.Message, StringComparison.Ordinal);
        Assert.Contains("TPM2_GetRandom (0x0000017B)", error.Message, StringComparison.Ordinal);
        Assert.Contains("0.2 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("reopen", again.Message, StringComparison.Ordinal);
    }

    public static TheoryData<TimeSpan> BadTimeouts => new() { TimeSpan.Zero, TimeSpan.FromSeconds(-1), Timeout.InfiniteTimeSpan };

    [Theory]
    [MemberData(nameof(BadTimeouts))]
    public void A_command_timeout_that_is_not_positive_and_finite_is_refused_by_both_transports_options(TimeSpan timeout)
    {
        var tcp = Assert.Throws<ArgumentException>(() => new SwtpmTcpTransportOptions { CommandTimeout = timeout }.Validate());
        var device = Assert.Throws<ArgumentException>(() => new LinuxTpmDeviceTransportOptions { CommandTimeout = timeout }.Validate());

        Assert.Equal("CommandTimeout", tcp.ParamName);
        Assert.Equal("CommandTimeout", device.ParamName);
    }

    [Fact]
    public void The_default_command_timeouts_are_documented_values()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new SwtpmTcpTransportOptions().CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(300), new LinuxTpmDeviceTransportOptions().CommandTimeout);
    }

    /// <summary>Stands in for a TPM device whose driver never returns from read(2), whatever the cancellation token says.</summary>
    private sealed class SilentDevice : Stream
    {
        private readonly TaskCompletionSource<int> _never = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("reads are asynchronous here");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(_never.Task);

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _never.TrySetResult(0);
            base.Dispose(disposing);
        }
    }
}
