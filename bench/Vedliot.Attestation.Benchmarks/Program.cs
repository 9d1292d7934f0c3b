using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Benchmarks;
using Vedliot.Attestation.Enrollment;
using Vedliot.Attestation.Measurement;
using Vedliot.Attestation.Policy;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Transports;
using Vedliot.Attestation.Verifier;

// Attestation benchmarks (not timed tests):
//  1. quote + verify round trip against swtpm: Vedliot (TpmClient + verifier) vs tpm2_quote + tpm2_checkquote,
//     interleaved in the same run on the same emulated TPM; goal ratio <= 1.0.
//  2. verifier throughput on recorded quotes, one thread; goal >= 5,000 verifications per second per core.
var iterations = ArgInt("--iterations", 30);
var verifySeconds = ArgInt("--verify-seconds", 2);
var culture = CultureInfo.InvariantCulture;

Console.WriteLine("Vedliot attestation benchmarks (TPM: swtpm, an emulated TPM; peer: tpm2-tools 5.4)");
Console.WriteLine(string.Create(culture, $"machine: {Environment.ProcessorCount} logical cores, .NET {Environment.Version}"));

await using var simulator = await SwtpmSimulator.StartAsync();
var work = Directory.CreateTempSubdirectory("vedliot-att-bench-").FullName;
try
{
    await using var tpm = new TpmClient(await simulator.ConnectAsync());
    await using var node = await NodeAttester.CreateAsync(tpm, new AttesterOptions { NodeId = "bench-node", AttestationKeyPath = Path.Combine(work, "ak.blob") });
    var agent = RandomNumberGenerator.GetBytes(4096);
    var model = RandomNumberGenerator.GetBytes(65536);
    await node.MeasureAsync(ArtefactType.NodeAgent, "vedliot-node", agent);
    await node.MeasureAsync(ArtefactType.ModelPartition, "stage-0.onnx", model);
    var policy = new AttestationPolicyBuilder()
        .Allow(ArtefactType.NodeAgent, SHA256.HashData(agent))
        .Allow(ArtefactType.ModelPartition, SHA256.HashData(model))
        .Build();

    var store = new FileEnrollmentStore(Path.Combine(work, "enrollments"));
    var enrollmentOptions = new EnrollmentOptions();
    enrollmentOptions.TrustedRoots.Add(X509CertificateLoader.LoadCertificateFromFile(simulator.RootCertificatePath));
    enrollmentOptions.Intermediates.Add(X509CertificateLoader.LoadCertificateFromFile(simulator.IssuerCertificatePath));
    var enrollment = new EnrollmentVerifier(enrollmentOptions, store, TimeProvider.System);
    var begin = await enrollment.BeginAsync(await node.CreateEnrollmentRequestAsync());
    var enrolled = await enrollment.CompleteAsync(await node.AnswerEnrollmentAsync(begin.Challenge ?? throw new InvalidOperationException(begin.Detail)));
    if (!enrolled.Succeeded)
    {
        throw new InvalidOperationException("Enrollment failed: " + enrolled.Detail);
    }

    using var verifier = new AttestationVerifier(store, policy, new AttestationVerifierOptions(), TimeProvider.System);

    // Peer set-up (untimed): an AK made by tpm2-tools under the EK.
    var tools = new ToolRunner(simulator, tpm, work);
    var ours = await tools.SnapshotAsync();
    await tools.RunAsync("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
    await tools.FlushNewAsync(ours);
    await tools.RunAsync("tpm2_createak", "-C", "ek.ctx", "-c", "ak.ctx", "-G", "rsa", "-g", "sha256", "-s", "rsassa", "-u", "ak.pem", "-f", "pem");
    await tools.FlushNewAsync(ours);

    async Task<TimeSpan> VedliotRoundTripAsync()
    {
        var watch = Stopwatch.StartNew();
        var challenge = verifier.CreateChallenge("bench-node");
        var result = await verifier.VerifyAsync(await node.QuoteAsync(challenge));
        watch.Stop();
        return result.Trusted ? watch.Elapsed : throw new InvalidOperationException(result.Detail);
    }

    async Task<TimeSpan> PeerRoundTripAsync()
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var watch = Stopwatch.StartNew();
        await tools.RunAsync("tpm2_quote", "-c", "ak.ctx", "-l", "sha256:23", "-q", nonce, "-m", "q.msg", "-s", "q.sig", "-o", "q.pcrs", "-g", "sha256");
        watch.Stop();
        await tools.FlushNewAsync(ours); // untimed: swtpm has no resource manager, the tool leaves its AK loaded
        watch.Start();
        await tools.RunAsync("tpm2_checkquote", "-u", "ak.pem", "-m", "q.msg", "-s", "q.sig", "-f", "q.pcrs", "-g", "sha256", "-q", nonce);
        watch.Stop();
        return watch.Elapsed;
    }

    // Warm-up, then interleave A/B so both see the same machine load.
    await VedliotRoundTripAsync();
    await PeerRoundTripAsync();
    var vedliotMs = new List<double>();
    var peerMs = new List<double>();
    for (var i = 0; i < iterations; i++)
    {
        vedliotMs.Add((await VedliotRoundTripAsync()).TotalMilliseconds);
        peerMs.Add((await PeerRoundTripAsync()).TotalMilliseconds);
    }

    Console.WriteLine();
    Console.WriteLine(string.Create(culture, $"1. quote + verify round trip, {iterations} interleaved iterations (median / p95, ms)"));
    Console.WriteLine(string.Create(culture, $"   Vedliot (TPM2_Quote + PCR_Read over TCP, verify)  {Median(vedliotMs),8:F2} / {P95(vedliotMs),8:F2}"));
    Console.WriteLine(string.Create(culture, $"   tpm2_quote + tpm2_checkquote                      {Median(peerMs),8:F2} / {P95(peerMs),8:F2}"));
    Console.WriteLine(string.Create(culture, $"   ratio Vedliot / tpm2-tools (median): {Median(vedliotMs) / Median(peerMs):F3}x   (goal <= 1.0x)"));

    // Verifier throughput on recorded quotes.
    var recorded = new AttestationEvidence[64];
    var nonces = new byte[recorded.Length][];
    for (var i = 0; i < recorded.Length; i++)
    {
        var nonce = RandomNumberGenerator.GetBytes(32);
        nonces[i] = nonce;
        recorded[i] = await node.QuoteAsync(new AttestationChallenge("bench-node", nonce, policy.QuotedPcrs));
    }

    using var key = new VerificationKey(node.AttestationKey);
    var verified = 0L;
    var clock = Stopwatch.StartNew();
    var budget = TimeSpan.FromSeconds(verifySeconds);
    while (clock.Elapsed < budget)
    {
        for (var i = 0; i < recorded.Length; i++)
        {
            if (!QuoteVerifier.Verify(recorded[i], nonces[i], key, policy, DateTimeOffset.UnixEpoch).Trusted)
            {
                throw new InvalidOperationException("A recorded quote failed verification.");
            }
        }

        verified += recorded.Length;
    }

    clock.Stop();
    var perSecond = verified / clock.Elapsed.TotalSeconds;
    Console.WriteLine();
    Console.WriteLine(string.Create(culture, $"2. verifier throughput on {recorded.Length} recorded quotes (RSA-2048 RSASSA-SHA256, 2-event log), 1 thread, {clock.Elapsed.TotalSeconds:F1} s"));
    Console.WriteLine(string.Create(culture, $"   {perSecond:F0} verifications/s per core; {1e6 / perSecond:F1} us each; ratio to goal 5,000/s: {perSecond / 5000:F2}x"));
}
finally
{
    Directory.Delete(work, recursive: true);
}

static double Median(List<double> values) => Percentile(values, 0.5);

static double P95(List<double> values) => Percentile(values, 0.95);

static double Percentile(List<double> values, double q)
{
    var sorted = values.Order().ToList();
    return sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(q * sorted.Count))];
}

int ArgInt(string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
