using Vedliot.Attestation.Tpm.Transports;

namespace Vedliot.Attestation.Tests.Infrastructure;

/// <summary>A recorded TPM transcript: answers each command with the next scripted response; the last one repeats.</summary>
public sealed class ScriptedTransport(params byte[][] responses) : ITpmTransport
{
    private int _next;

    public List<byte[]> Commands { get; } = [];

    public Task<byte[]> ExecuteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken = default)
    {
        Commands.Add(command.ToArray());
        var response = responses[Math.Min(_next, responses.Length - 1)];
        _next++;
        return Task.FromResult(response);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
