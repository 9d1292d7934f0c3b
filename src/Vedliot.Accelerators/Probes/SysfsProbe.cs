using Vedliot.Runtime.Discovery;

namespace Vedliot.Accelerators.Probes;

/// <summary>A probe that reads Linux interfaces below <see cref="ProbeOptions.Root"/>.</summary>
public abstract class SysfsProbe : IHardwareProbe
{
    /// <summary>Checks the options and prepares to read below their root.</summary>
    private protected SysfsProbe(ProbeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Tree = new SysfsTree(options.Root);
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    private protected SysfsTree Tree { get; }

    /// <inheritdoc />
    /// <exception cref="SysfsReadException">A file is unreadable or garbled.</exception>
    public abstract IReadOnlyList<DiscoveredDevice> Probe();
}
