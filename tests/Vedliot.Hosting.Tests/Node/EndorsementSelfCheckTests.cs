using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Vedliot.Attestation.Tpm.Transports;
using Vedliot.Hosting.Broker;
using Vedliot.Hosting.Node;
using Vedliot.Hosting.Tests.Infrastructure;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Testing;

namespace Vedliot.Hosting.Tests.Node;

[Collection(BrokerGroup.Name)]
public sealed class EndorsementSelfCheckTests(MosquittoBroker broker) : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private SwtpmSimulator _simulator = null!;

    public async Task InitializeAsync() => _simulator = await SwtpmSimulator.StartAsync();

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_node_on_a_tpm_simulator_whose_ek_chains_to_the_given_ca_starts_and_says_which_tpm_it_is()
    {
        await using var harness = await NodeHarness.StartAsync(broker, options =>
        {
            options.Tpm = $"127.0.0.1:{_simulator.ServerPort}";
            options.TpmCaFiles = [_simulator.RootCertificatePath, _simulator.IssuerCertificatePath];
        });

        var (message, _) = await harness.Recorder.WaitForAsync(harness.Topics.Announcement(harness.NodeId));
        Assert.Equal($"TPM simulator at 127.0.0.1:{_simulator.ServerPort}", DeploymentMessages.Read<NodeAnnouncement>(message, ProtocolContentTypes.Announcement).Tpm);
    }

    [Fact]
    public async Task A_node_whose_ek_does_not_chain_to_the_given_ca_refuses_to_start_naming_the_option()
    {
        var otherCa = _directory.File("other-ca.pem");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var request = new CertificateRequest("CN=Someone else's EK CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
            await File.WriteAllTextAsync(otherCa, certificate.ExportCertificatePem());
        }

        using var node = new NodeAgentService(
            new NodeAgentOptions
            {
                NodeId = "wrong-ca",
                Broker = new BrokerConnectionOptions { Port = broker.Port },
                Tpm = $"127.0.0.1:{_simulator.ServerPort}",
                TpmCaFiles = [otherCa],
                StateDirectory = _directory.File("state"),
            },
            NullLoggerFactory.Instance,
            TimeProvider.System);

        var error = await Assert.ThrowsAsync<NodeConfigurationException>(() => node.StartAsync(CancellationToken.None));
        Assert.StartsWith("--tpm-ca: enrollment would refuse this TPM (EkCertificateUntrusted)", error.Message, StringComparison.Ordinal);
    }
}
