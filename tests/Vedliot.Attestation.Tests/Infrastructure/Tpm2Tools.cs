using System.Diagnostics;
using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Structures;
using Vedliot.Attestation.Tpm.Transports;

namespace Vedliot.Attestation.Tests.Infrastructure;

/// <summary>
/// Runs tpm2-tools against an emulated TPM. swtpm has no resource manager, so the objects and sessions a tool
/// leaves loaded are flushed afterwards, and only those (other clients' handles stay loaded).
/// </summary>
public sealed class Tpm2Tools(SwtpmSimulator simulator, TpmClient tpm, string workDirectory)
{
    public async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var (code, output) = await TryRunAsync(tool, arguments);
        Assert.True(code == 0, $"{tool} {string.Join(' ', arguments)} exited with {code}: {output}");
        return output;
    }

    /// <summary>Runs a tool that uses a policy session saved by an earlier step: only transient objects are flushed afterwards.</summary>
    public async Task RunInSessionAsync(string tool, params string[] arguments)
    {
        var before = await tpm.GetHandlesAsync(TpmHandles.TransientFirst);
        var (code, output) = await ExecAsync(tool, arguments);
        await FlushNewAsync(TpmHandles.TransientFirst, before);
        Assert.True(code == 0, $"{tool} {string.Join(' ', arguments)} exited with {code}: {output}");
    }

    public async Task<(int ExitCode, string Output)> TryRunAsync(string tool, params string[] arguments)
    {
        var transients = await tpm.GetHandlesAsync(TpmHandles.TransientFirst);
        var sessions = await tpm.GetHandlesAsync(TpmHandles.PolicySessionFirst);
        var result = await ExecAsync(tool, arguments);
        await FlushNewAsync(TpmHandles.TransientFirst, transients);
        await FlushNewAsync(TpmHandles.PolicySessionFirst, sessions);
        return result;
    }

    private async Task FlushNewAsync(uint range, IReadOnlyList<uint> before)
    {
        foreach (var handle in (await tpm.GetHandlesAsync(range)).Except(before))
        {
            await tpm.FlushContextAsync(handle);
        }
    }

    private async Task<(int, string)> ExecAsync(string tool, params string[] arguments)
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

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
