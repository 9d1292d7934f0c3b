using System.Runtime.InteropServices;

namespace Vedliot.Cli;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP to the <c>vedliot</c> process (from a terminal, <c>kill PID</c>, <c>timeout</c>,
/// systemd or an IDE's stop button) cancel the running verb, which then stops what it started (node agents announce
/// themselves offline, then agents, TPM simulators and the broker stop, and the run folder is removed) and exits
/// with <see cref="Commands.CliContext.CancelledExitCode"/>. The process is not ended by the signal itself: ending it
/// early is what would leave the children behind. A verb that hangs can still be ended with SIGKILL, after which
/// the local platform's reaper stops the children.
/// </summary>
internal sealed class TerminationSignals : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _registrations;

    public TerminationSignals(TextWriter error)
    {
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // keep running until the verb has cleaned up
            if (!_cancel.IsCancellationRequested)
            {
                error.WriteLine($"vedliot: {context.Signal} received; stopping what was started");
                _cancel.Cancel();
            }
        }

        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];
    }

    /// <summary>Cancelled by the first termination signal.</summary>
    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cancel.Dispose();
    }
}
