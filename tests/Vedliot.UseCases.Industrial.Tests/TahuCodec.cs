using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Vedliot.Testing;

namespace Vedliot.UseCases.Industrial.Tests;

/// <summary>Eclipse Tahu's Sparkplug B codec (npm sparkplug-payload@1.0.3) run with Node.js, one request per line.</summary>
public sealed class TahuCodec : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;

    public TahuCodec()
    {
        var modules = Path.Combine(RepositoryPaths.Deps, "node", "sparkplug-payload@1.0.3", "node_modules");
        if (!Directory.Exists(Path.Combine(modules, "sparkplug-payload")))
        {
            throw new DirectoryNotFoundException($"{modules} holds no sparkplug-payload; run ./eng/bootstrap.sh --tests");
        }

        var info = new ProcessStartInfo("node", $"\"{Path.Combine(AppContext.BaseDirectory, "Peers", "tahu-codec.cjs")}\"")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.Environment["NODE_PATH"] = modules;
        _process = Process.Start(info) ?? throw new InvalidOperationException("node did not start");
    }

    public async Task<JsonElement> DecodeAsync(ReadOnlyMemory<byte> payload) =>
        JsonDocument.Parse(await AskAsync("decode " + Convert.ToBase64String(payload.Span))).RootElement.Clone();

    public async Task<byte[]> EncodeAsync(string json) =>
        Convert.FromBase64String(await AskAsync("encode " + Convert.ToBase64String(Encoding.UTF8.GetBytes(json))));

    private async Task<string> AskAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line).WaitAsync(Timeout);
        await _process.StandardInput.FlushAsync().WaitAsync(Timeout);
        return await _process.StandardOutput.ReadLineAsync().WaitAsync(Timeout) ?? throw new InvalidOperationException("the Tahu codec exited");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.WaitForExit();
        _process.Dispose();
    }
}
