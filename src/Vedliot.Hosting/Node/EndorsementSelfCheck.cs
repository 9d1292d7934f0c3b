using System.Security.Cryptography.X509Certificates;
using Vedliot.Attestation.Attester;
using Vedliot.Attestation.Enrollment;

namespace Vedliot.Hosting.Node;

/// <summary>
/// Checks at start that the node's TPM would pass the first step of enrollment (EK certificate chaining to the
/// given CAs, EK and AK attributes), with the same <see cref="EnrollmentVerifier"/> an orchestrator uses, so that a
/// node with the wrong TPM or CA fails at once instead of at its first enrollment.
/// </summary>
internal static class EndorsementSelfCheck
{
    /// <summary>Runs the check.</summary>
    /// <param name="attester">The node's attester.</param>
    /// <param name="cas">The CA certificates the EK certificate must chain to.</param>
    /// <param name="timeProvider">The clock certificate validity is checked against.</param>
    /// <param name="cancellationToken">Cancels the TPM reads.</param>
    /// <returns>A task that completes when the TPM passed.</returns>
    /// <exception cref="NodeConfigurationException">The TPM would be refused; the message says why.</exception>
    public static async Task RunAsync(NodeAttester attester, IReadOnlyList<X509Certificate2> cas, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var options = new EnrollmentOptions();
        foreach (var ca in cas)
        {
            options.TrustedRoots.Add(ca);
            options.Intermediates.Add(ca);
        }

        var verifier = new EnrollmentVerifier(options, new NoEnrollments(), timeProvider);
        var request = await attester.CreateEnrollmentRequestAsync(cancellationToken).ConfigureAwait(false);
        var result = await verifier.BeginAsync(request, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new NodeConfigurationException($"--tpm-ca: enrollment would refuse this TPM ({result.Failure}): {result.Detail}");
        }
    }

    /// <summary>No node is enrolled: the check never binds anything.</summary>
    private sealed class NoEnrollments : IEnrollmentStore
    {
        public Task<EnrollmentRecord?> GetAsync(string nodeId, CancellationToken cancellationToken = default) => Task.FromResult<EnrollmentRecord?>(null);

        public Task<bool> TryAddAsync(EnrollmentRecord record, CancellationToken cancellationToken = default) => Task.FromResult(false);

        public Task<TpmClockFloor?> GetClockFloorAsync(string nodeId, CancellationToken cancellationToken = default) => Task.FromResult<TpmClockFloor?>(null);

        public Task SetClockFloorAsync(string nodeId, TpmClockFloor floor, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
