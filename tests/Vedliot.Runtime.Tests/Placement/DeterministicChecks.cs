using FsCheck;
using Microsoft.FSharp.Core;

namespace Vedliot.Runtime.Tests.Placement;

/// <summary>FsCheck settings for property tests that draw the same instances on every run.</summary>
internal static class DeterministicChecks
{
    /// <summary><paramref name="instances"/> instances replayed from <paramref name="seed"/>; a failure throws.</summary>
    public static Config Replay(ulong seed, int instances) => Config.QuickThrowOnFailure
        .WithMaxTest(instances)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed), FSharpOption<int>.None)));
}
