using System.Diagnostics;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Tpm.Transports;

namespace Vedliot.Attestation.Tests.Tpm;

public sealed class SwtpmSimulatorTests
{
    [Fact]
    public async Task Simulator_lives_in_a_temporary_directory_and_leaves_no_process_or_file_behind()
    {
        var simulator = await SwtpmSimulator.StartAsync();
        var directory = simulator.Directory;
        Assert.Equal(simulator.ServerPort + 1, simulator.ControlPort);
        Assert.True(File.Exists(simulator.RootCertificatePath));
        Assert.StartsWith(Path.GetTempPath(), directory, StringComparison.Ordinal);
        await using (var tpm = new TpmClient(await simulator.ConnectAsync(SwtpmFraming.Raw, SwtpmConnectionMode.Persistent)))
        {
            Assert.Equal(16, (await tpm.GetRandomAsync(16)).Length);
        }

        await simulator.DisposeAsync();

        Assert.False(Directory.Exists(directory));
        Assert.DoesNotContain(Process.GetProcessesByName("swtpm"), p => !p.HasExited && CommandLineMentions(p, directory));
        await Assert.ThrowsAsync<TpmTransportException>(() => new SwtpmControlChannel("127.0.0.1", simulator.ControlPort).GetCapabilitiesAsync());
    }

    [Fact]
    public async Task A_kept_state_restarts_as_the_same_tpm_with_the_same_ek_certificate()
    {
        var directory = Directory.CreateTempSubdirectory("vedliot-kept-tpm-").FullName;
        try
        {
            var options = new SwtpmSimulatorOptions { WorkingDirectory = directory, ReuseManufacturedState = true };
            byte[]? firstCertificate = null;
            for (var run = 0; run < 6; run++)
            {
                await using var simulator = await SwtpmSimulator.StartAsync(options);
                await using var tpm = new TpmClient(await simulator.ConnectAsync());
                var certificate = await tpm.NvReadAsync(TpmHandles.RsaEkCertificateNvIndex);
                firstCertificate ??= certificate;
                Assert.Equal(firstCertificate, certificate);
                await tpm.ShutdownAsync();
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Tpm_answers_initialize_until_started_and_again_after_a_hardware_init()
    {
        await using var simulator = await SwtpmSimulator.StartAsync(new SwtpmSimulatorOptions { StartupClear = false });
        await using var tpm = new TpmClient(await simulator.ConnectAsync());

        var before = await Assert.ThrowsAsync<TpmException>(() => tpm.GetRandomAsync(8));
        Assert.Equal("TPM_RC_INITIALIZE", before.ResponseCode.Name);
        Assert.True(await tpm.StartupAsync());
        Assert.Equal(8, (await tpm.GetRandomAsync(8)).Length);

        await simulator.CreateControlChannel().InitAsync();
        var afterInit = await Assert.ThrowsAsync<TpmException>(() => tpm.GetRandomAsync(8));
        Assert.Equal("TPM_RC_INITIALIZE", afterInit.ResponseCode.Name);
        Assert.True(await tpm.StartupAsync());
        Assert.False(await tpm.StartupAsync());
    }

    [Fact]
    public async Task Transport_to_a_closed_port_fails_with_a_transport_error()
    {
        await using var transport = await SwtpmTcpTransport.ConnectAsync(new SwtpmTcpTransportOptions { Port = 1 });
        await Assert.ThrowsAsync<TpmTransportException>(() => transport.ExecuteAsync(new byte[12]));
    }

    private static bool CommandLineMentions(Process process, string text)
    {
        try
        {
            return File.ReadAllText($"/proc/{process.Id}/cmdline").Contains(text, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
