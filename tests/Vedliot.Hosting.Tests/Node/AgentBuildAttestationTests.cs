using System.Security.Cryptography.X509Certificates;
using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Transports;
using Vedliot.Attestation.Verifier;
using Vedliot.Hosting.Node;
using Vedliot.Testing;

namespace Vedliot.Hosting.Tests.Node;

/// <summary>
/// The verifier's golden values come from scanning the build the orchestrator knows; the node measures the build it
/// runs. On an swtpm: the same build is trusted, an altered or unknown file is refused by name.
/// </summary>
public sealed class AgentBuildAttestationTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _directory = new();
    private SwtpmSimulator _simulator = null!;
    private TpmClient _tpm = null!;

    private string BuildFolder => _directory.File("build");

    public async Task InitializeAsync()
    {
        _simulator = await SwtpmSimulator.StartAsync();
        _tpm = new TpmClient(await _simulator.ConnectAsync());
        Directory.CreateDirectory(BuildFolder);
        AgentBuildTests.Populate(BuildFolder);
    }

    public async Task DisposeAsync()
    {
        await _tpm.DisposeAsync();
        await _simulator.DisposeAsync();
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_build_the_orchestrator_knows_is_trusted()
    {
        var result = await AttestAsync(AgentBuild.Scan(BuildFolder));

        Assert.True(result.Trusted, result.Detail);
    }

    [Fact]
    public async Task An_altered_native_library_is_refused_naming_the_file()
    {
        var golden = AgentBuild.Scan(BuildFolder);
        await File.AppendAllTextAsync(Path.Combine(BuildFolder, "libonnxruntime.so"), "patched");

        var result = await AttestAsync(golden);

        Assert.Equal(AttestationFailure.DigestNotAllowed, result.Failure);
        Assert.Contains("native-library \"libonnxruntime.so\"", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_plugin_is_refused_naming_the_file()
    {
        var golden = AgentBuild.Scan(BuildFolder);
        await File.WriteAllBytesAsync(Path.Combine(BuildFolder, AgentBuild.PluginsFolder, "Dropped.dll"), [9, 9, 9]);

        var result = await AttestAsync(golden);

        Assert.Equal(AttestationFailure.DigestNotAllowed, result.Failure);
        Assert.Contains("plugin \"plugins/Dropped.dll\"", result.Detail, StringComparison.Ordinal);
    }

    /// <summary>Enrolls a node on the swtpm, lets it measure the build as it is now, and verifies against <paramref name="golden"/>.</summary>
    private async Task<AttestationResult> AttestAsync(AgentBuild golden)
    {
        var root = X509CertificateLoader.LoadCertificateFromFile(_simulator.RootCertificatePath);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(root.NotBefore.ToUniversalTime() + TimeSpan.FromHours(1));
        var store = new FileEnrollmentStore(_directory.File("enrollments"));
        var options = new EnrollmentOptions();
        options.TrustedRoots.Add(root);
        options.Intermediates.Add(X509CertificateLoader.LoadCertificateFromFile(_simulator.IssuerCertificatePath));
        await using var node = await NodeAttester.CreateAsync(_tpm, new AttesterOptions { NodeId = "node-b", AttestationKeyPath = _directory.File("ak.blob") });
        var enrollment = new EnrollmentVerifier(options, store, time);
        var begin = await enrollment.BeginAsync(await node.CreateEnrollmentRequestAsync());
        Assert.True((await enrollment.CompleteAsync(await node.AnswerEnrollmentAsync(begin.Challenge!))).Succeeded);

        await AgentBuild.Scan(BuildFolder).MeasureAsync(node);
        using var verifier = new AttestationVerifier(store, golden.AllowIn(new AttestationPolicyBuilder()).Build(), new AttestationVerifierOptions(), time);
        return await verifier.VerifyAsync(await node.QuoteAsync(verifier.CreateChallenge("node-b")));
    }
}
