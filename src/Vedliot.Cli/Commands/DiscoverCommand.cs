using System.CommandLine;
using Vedliot.Accelerators.Discovery;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Accelerators.Probes;
using Vedliot.Cli.Output;
using Vedliot.Runtime.Platform.Descriptors;

namespace Vedliot.Cli.Commands;

/// <summary><c>vedliot discover</c>: the inventory from local probes, plus a platform descriptor's modules.</summary>
internal static class DiscoverCommand
{
    public static Command Create(CliContext context)
    {
        var platform = new Option<FileInfo>("--platform")
        {
            Description = "A platform descriptor (YAML, see platforms/README.md); its modules not found here are shown as emulated.",
        }.ExistingFile();
        var root = new Option<DirectoryInfo>("--root")
        {
            Description = "Read /sys, /proc and /dev under this folder instead of / (a snapshot of another machine, or a test fixture).",
        }.ExistingFolder();
        var json = CommonOptions.Json();
        var command = new Command("discover", "List the compute modules of this machine and of a platform descriptor, each present or emulated, the devices the probes found, and the ONNX Runtime build with each execution provider's state.")
        {
            platform, root, json,
        };
        command.SetAction(parse => context.Guard(() =>
        {
            var descriptor = parse.GetValue(platform) is { } file ? PlatformDescriptor.Load(file.FullName) : null;
            var discovery = HardwareDiscovery.ForLinux(new ProbeOptions { Root = parse.GetValue(root)?.FullName ?? "/" }).Run();
            var inventory = InventoryBuilder.Build(discovery.Devices, descriptor);
            var report = new DiscoverReport(descriptor?.Name, descriptor?.Source, inventory.Modules, inventory.Links, discovery.Devices, discovery.Diagnostics, OnnxRuntimeBuild.Inspect());
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonOutput.Serialize(report));
            }
            else
            {
                DiscoverReportView.Render(context.Console, report);
            }

            return 0;
        }));
        return command;
    }
}
