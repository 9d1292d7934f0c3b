using Vedliot.Hosting.Profiling;
using Vedliot.Runtime.Profiling;
using Vedliot.Testing;
using Vedliot.Testing.Runtime;

namespace Vedliot.Hosting.Tests.Profiling;

public sealed class ModelProfileTests : IDisposable
{
    private static readonly float[] W = [.. Enumerable.Range(0, 16).Select(i => ((i * 7) % 11 - 5) / 5f)];

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task A_profile_stops_at_the_next_block_and_module_once_cancelled()
    {
        var model = _directory.File("chain.onnx");
        await File.WriteAllBytesAsync(model, new OnnxModelBuilder()
            .Input("x", 1, 4)
            .Initializer("w", W, [4, 4])
            .Node("MatMul", ["x", "w"], ["h"])
            .Node("Relu", ["h"], ["r"])
            .Node("MatMul", ["r", "w"], ["y"])
            .Output("y", 1, 4)
            .ToBytes());
        using var cancel = new CancellationTokenSource();
        var progress = new CancelOnFirstReport(cancel);
        var request = new ProfileRequest
        {
            ModelPath = model,
            Profiler = new ProfilerOptions { CacheDirectory = null, CandidateCuts = 2, WarmupRuns = 1, MinimumRuns = 3, MaximumRuns = 5 },
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ModelProfile.ExecuteAsync(request, progress, cancel.Token));

        Assert.Equal(1, progress.Reports);
    }

    /// <summary>Cancels when told of the first (block, module) pair, on the profiling thread itself (no posting, so no race).</summary>
    private sealed class CancelOnFirstReport(CancellationTokenSource cancel) : IProgress<ProfilerProgress>
    {
        public int Reports { get; private set; }

        public void Report(ProfilerProgress value)
        {
            Reports++;
            cancel.Cancel();
        }
    }
}
