using System.Diagnostics;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Tpm.Transports;

namespace Vedliot.Attestation.Benchmarks;

/// <summary>Runs tpm2-tools (the peer) against the emulated TPM in a working directory.</summary>
internal sealed class ToolRunner(SwtpmSimulator simulator, TpmClient tpm, string workDirectory)
{
    /// <summary>Runs a tool and fails on a non-zero exit code.</summary>
    /// <param name="tool">Executable.</param>
    /// <param name="arguments">Arguments.</param>
    /// <returns>A task that completes when the tool has exited.</returns>
    public async Task RunAsync(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in simulator.ToolEnvironment())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output}");
        }
    }

    /// <summary>The transient handles loaded now.</summary>
    /// <returns>The handles.</returns>
    public Task<IReadOnlyList<uint>> SnapshotAsync() => tpm.GetHandlesAsync(TpmHandles.TransientFirst);

    /// <summary>Flushes transient objects a tool left loaded (swtpm has no resource manager), sparing those in <paramref name="before"/>.</summary>
    /// <param name="before">Handles loaded before the tool ran.</param>
    /// <returns>A task that completes when flushed.</returns>
    public async Task FlushNewAsync(IReadOnlyList<uint> before)
    {
        foreach (var handle in (await tpm.GetHandlesAsync(TpmHandles.TransientFirst).ConfigureAwait(false)).Except(before))
        {
            await tpm.FlushContextAsync(handle).ConfigureAwait(false);
        }
    }
}
