using System.Globalization;
using Spectre.Console;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Platform;

namespace Vedliot.Cli.Output;

/// <summary>Shows a <see cref="DiscoverReport"/>: modules (present or emulated), links, probed devices, probe problems.</summary>
internal static class DiscoverReportView
{
    public static void Render(IAnsiConsole console, DiscoverReport report)
    {
        if (report.Platform is not null)
        {
            console.MarkupLineInterpolated($"[bold]Platform[/]  {report.Platform}  ({report.Descriptor})");
        }

        var modules = new Table().Border(TableBorder.Rounded).Title("modules");
        foreach (var column in new[] { "module", "kind", "product", "status", "backend", "peak", "memory", "power (idle/active)", "slot" })
        {
            modules.AddColumn(column);
        }

        foreach (var module in report.Modules)
        {
            modules.AddRow(
                Markup.Escape(module.Id),
                module.Kind.ToString().ToUpperInvariant(),
                Markup.Escape(module.Product.StartsWith(module.Vendor, StringComparison.OrdinalIgnoreCase) ? module.Product : $"{module.Vendor} {module.Product}"),
                Status(module, report.OnnxRuntime),
                Markup.Escape(module.Backend),
                Markup.Escape(Peak(module)),
                Memory(module.Memory),
                module.Power.ActiveWatts > 0 ? Format($"{module.Power.IdleWatts:0.#}/{module.Power.ActiveWatts:0.#} W") : "?",
                Markup.Escape(module.Slot ?? "-"));
        }

        console.Write(modules);
        if (report.Modules.Any(m => m.Presence == Presence.Emulated))
        {
            console.MarkupLine("[yellow]emulated[/]: not on this machine; outputs are computed on the CPU, latency and energy come from the module's device model and are labelled as modelled.");
        }

        if (report.Links.Count > 0)
        {
            var links = new Table().Border(TableBorder.Rounded).Title("links");
            links.AddColumns("between", "kind", "bandwidth", "latency");
            foreach (var link in report.Links)
            {
                links.AddRow(Markup.Escape($"{link.From} - {link.To}"), Markup.Escape(link.Kind), Format($"{link.BandwidthBytesPerSecond * 8 / 1e9:0.##} Gbit/s"), Format($"{link.LatencyMs * 1000:0.#} µs"));
            }

            console.Write(links);
        }

        var devices = new Table().Border(TableBorder.Rounded).Title("devices found by local probes");
        devices.AddColumns("device", "category", "vendor", "product", "found at");
        foreach (var device in report.Devices)
        {
            devices.AddRow(Markup.Escape(device.Id), device.Category.ToString(), Markup.Escape(device.Vendor), Markup.Escape(device.Product), Markup.Escape(device.Source));
        }

        console.Write(devices);
        foreach (var diagnostic in report.Diagnostics)
        {
            console.MarkupLineInterpolated($"[red]probe {diagnostic.Probe}[/]: {diagnostic.Message}");
        }

        RenderOnnxRuntime(console, report.OnnxRuntime);
    }

    private static void RenderOnnxRuntime(IAnsiConsole console, OnnxRuntimeBuild build)
    {
        var providers = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"ONNX Runtime {build.NativeVersion} ({build.Package} {build.ManagedVersion})"));
        providers.AddColumns("provider", "state", "why not, and what to install");
        foreach (var provider in build.Providers)
        {
            var state = provider.Loadability switch
            {
                ProviderLoadability.Loadable => "[green]loadable[/]",
                ProviderLoadability.ListedNotLoadable => "[red]listed, not loadable[/]",
                _ => "[grey]not in this build[/]",
            };
            var reason = provider.Remedy is null ? provider.Problem : $"{provider.Problem}; {provider.Remedy}";
            providers.AddRow(Markup.Escape($"{provider.Name} ({provider.OrtName})"), state, Markup.Escape(reason ?? string.Empty));
        }

        console.Write(providers);
    }

    // A present module whose ONNX Runtime provider does not load here cannot run anything, whatever the probes saw.
    private static string Status(Module module, OnnxRuntimeBuild build)
    {
        if (module.Presence != Presence.Present)
        {
            return "[yellow]emulated[/]";
        }

        var provider = build.Providers.FirstOrDefault(p => module.Backend == OnnxRuntimeAccelerator.BackendPrefix + p.Name);
        return provider is null || provider.Loadability == ProviderLoadability.Loadable
            ? "[green]present[/]"
            : $"[red]present, {Markup.Escape(provider.Name)} not loadable[/]";
    }

    private static string Peak(Module module) =>
        module.PeakOpsPerSecond.Count == 0
            ? "?"
            : string.Join(", ", module.PeakOpsPerSecond.Select(p => Format($"{p.Value / 1e12:0.###} T{(p.Key is Precision.Int8 or Precision.Int4 ? "OPS" : "FLOPS")} {p.Key.ToString().ToLowerInvariant()}")));

    private static string Memory(MemorySpec memory)
    {
        var capacity = memory.CapacityBytes >= 1L << 30 ? Format($"{memory.CapacityBytes / (double)(1L << 30):0.#} GiB") : Format($"{memory.CapacityBytes / (double)(1 << 20):0.#} MiB");
        return memory.BandwidthBytesPerSecond > 0 ? Format($"{capacity}, {memory.BandwidthBytesPerSecond / 1e9:0.#} GB/s") : capacity;
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
