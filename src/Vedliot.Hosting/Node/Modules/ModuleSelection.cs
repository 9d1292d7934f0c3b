using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Probes;
using Vedliot.Runtime.Platform;
using Vedliot.Runtime.Platform.Descriptors;

namespace Vedliot.Hosting.Node.Modules;

/// <summary>
/// Picks the module a node drives and the accelerator that runs partitions on it. A module named in a platform
/// descriptor is present when this machine's probes find it (then it runs on its real ONNX Runtime provider) and
/// emulated otherwise (outputs computed on this machine's CPU, latency and energy from its device model, both
/// labelled as modelled). Without a descriptor the module is one of this machine's, by default its CPU.
/// </summary>
public static class ModuleSelection
{
    /// <summary>Finds the module and makes its accelerator.</summary>
    /// <param name="platformPath">A platform descriptor, or null for this machine's modules.</param>
    /// <param name="moduleId">The module's id; required with a descriptor; null without one means the local CPU.</param>
    /// <param name="runtime">ONNX Runtime options of the accelerator.</param>
    /// <param name="timeProvider">Times real runs and energy readings.</param>
    /// <returns>The module and its accelerator.</returns>
    /// <exception cref="NodeConfigurationException">The module is not in the descriptor, or not on this machine.</exception>
    /// <exception cref="Vedliot.Runtime.VedliotException">The descriptor cannot be read.</exception>
    public static SelectedModule Select(string? platformPath, string? moduleId, OnnxRuntimeOptions runtime, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var probeOptions = new ProbeOptions();
        var devices = HardwareDiscovery.ForLinux(probeOptions).Run().Devices;
        Module module;
        if (platformPath is not null)
        {
            if (moduleId is null)
            {
                throw new NodeConfigurationException("--platform needs --module: the id of the descriptor's module this node drives");
            }

            var platform = PlatformDescriptor.Load(platformPath);
            module = InventoryBuilder.Build(devices, platform).Modules.FirstOrDefault(m => m.Id == moduleId && platform.Modules.Any(p => p.Id == m.Id))
                ?? throw new NodeConfigurationException($"--module '{moduleId}' is not a module of platform '{platform.Name}' ({platformPath}); it has {string.Join(", ", platform.Modules.Select(m => m.Id))}");
        }
        else
        {
            var local = LocalModules.FromDevices(devices);
            module = (moduleId is null ? local.FirstOrDefault(m => m.Kind == ModuleKind.Cpu) : local.FirstOrDefault(m => m.Id == moduleId))
                ?? throw new NodeConfigurationException(moduleId is null
                    ? "this machine's probes found no CPU to drive; name a module with --module, or emulate one with --platform FILE --module ID"
                    : $"--module '{moduleId}' is not a module of this machine; its probes found {(local.Count == 0 ? "none" : string.Join(", ", local.Select(m => m.Id)))} (emulate a descriptor's module with --platform FILE --module ID)");
        }

        var meter = module.Presence == Presence.Present && module.Kind == ModuleKind.Cpu
            ? LocalEnergyMeters.ForHostCpu(devices, probeOptions, timeProvider)
            : null;
        return new SelectedModule(module, AcceleratorFactory.Create(module, runtime, meter, timeProvider));
    }
}
