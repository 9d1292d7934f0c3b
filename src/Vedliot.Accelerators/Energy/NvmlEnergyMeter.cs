using System.Diagnostics.CodeAnalysis;
using Vedliot.Runtime.Energy;

namespace Vedliot.Accelerators.Energy;

/// <summary>
/// Reads an NVIDIA GPU's total energy counter through NVML (<c>nvmlDeviceGetTotalEnergyConsumption</c>,
/// millijoules since the driver loaded). Owns one NVML reference, released on <see cref="Dispose"/>.
/// </summary>
public sealed class NvmlEnergyMeter : IEnergyMeter, IDisposable
{
    private readonly NvmlSessionHandle _session;
    private readonly IntPtr _device;
    private readonly TimeProvider _time;

    private NvmlEnergyMeter(NvmlSessionHandle session, IntPtr device, uint index, TimeProvider time)
    {
        _session = session;
        _device = device;
        _time = time;
        Source = $"nvml:gpu{index}";
    }

    /// <inheritdoc />
    public string Source { get; }

    /// <inheritdoc />
    public EnergySourceKind Kind => EnergySourceKind.Measured;

    /// <summary>Opens the meter of GPU <paramref name="index"/> (NVML's enumeration order).</summary>
    /// <returns>False, with the reason, when NVML is not installed, not initialisable, or has no such GPU.</returns>
    public static bool TryOpen(uint index, TimeProvider time, [NotNullWhen(true)] out NvmlEnergyMeter? meter, [NotNullWhen(false)] out string? failure)
    {
        ArgumentNullException.ThrowIfNull(time);
        meter = null;
        NvmlSessionHandle? session = null;
        try
        {
            session = NvmlSessionHandle.Open();
            NvmlNative.Check(NvmlNative.DeviceGetHandleByIndex(index, out var device), "nvmlDeviceGetHandleByIndex_v2");
            meter = new NvmlEnergyMeter(session, device, index, time);
            failure = null;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            failure = $"NVML is not available: {NvmlNative.Library} cannot be loaded (no NVIDIA driver here): {e.Message}";
        }
        catch (NvmlException e)
        {
            failure = e.Message;
        }

        session?.Dispose();
        return false;
    }

    /// <inheritdoc />
    public bool TryRead(out EnergyReading reading, out string? failure)
    {
        reading = null!;
        ObjectDisposedException.ThrowIf(_session.IsClosed, this);
        try
        {
            NvmlNative.Check(NvmlNative.DeviceGetTotalEnergyConsumption(_device, out var millijoules), "nvmlDeviceGetTotalEnergyConsumption");
            reading = new EnergyReading(millijoules * 1e-3, _time.GetTimestamp(), Source, Kind);
            failure = null;
            return true;
        }
        catch (NvmlException e)
        {
            failure = e.Message;
            return false;
        }
    }

    /// <summary>Releases the NVML reference.</summary>
    public void Dispose() => _session.Dispose();
}
