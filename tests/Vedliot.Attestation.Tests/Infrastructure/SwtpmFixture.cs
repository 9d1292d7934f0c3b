using Vedliot.Attestation.Tpm.Commands;
using Vedliot.Attestation.Tpm.Transports;

namespace Vedliot.Attestation.Tests.Infrastructure;

/// <summary>Two emulated TPMs (swtpm) on free loopback ports in temporary directories, shared by the "swtpm" collection and stopped afterwards.</summary>
public sealed class SwtpmFixture : IAsyncLifetime
{
    private SwtpmSimulator? _primary;
    private SwtpmSimulator? _secondary;

    public SwtpmSimulator Primary => _primary ?? throw new InvalidOperationException("Fixture not started.");

    public SwtpmSimulator Secondary => _secondary ?? throw new InvalidOperationException("Fixture not started.");

    public async Task InitializeAsync()
    {
        var starts = new[] { SwtpmSimulator.StartAsync(), SwtpmSimulator.StartAsync() };
        var started = await Task.WhenAll(starts);
        _primary = started[0];
        _secondary = started[1];
    }

    public async Task DisposeAsync()
    {
        if (_primary is not null)
        {
            await _primary.DisposeAsync();
        }

        if (_secondary is not null)
        {
            await _secondary.DisposeAsync();
        }
    }

    public static async Task<TpmClient> ConnectAsync(SwtpmSimulator simulator, SwtpmFraming framing = SwtpmFraming.Simulator) =>
        new(await simulator.ConnectAsync(framing));
}

[CollectionDefinition(Name)]
public sealed class SwtpmGroup : ICollectionFixture<SwtpmFixture>
{
    public const string Name = "swtpm";
}
