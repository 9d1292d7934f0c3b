namespace Vedliot.Accelerators.Probes;

/// <summary>Why a probe found nothing or stopped early: an unreadable or garbled file.</summary>
/// <param name="Probe">The probe's name.</param>
/// <param name="Message">The error, naming the file at fault.</param>
public sealed record ProbeDiagnostic(string Probe, string Message);
