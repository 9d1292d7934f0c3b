using Vedliot.Accelerators.Conformance;
using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Testing;
using Xunit.Abstractions;

namespace Vedliot.IntegrationTests.Partitioning;

/// <summary>
/// ONNX's own backend test models (Debian libonnx-testdata): every model ONNX Runtime runs must give
/// its reference outputs whole and split at every cut. The summary of each suite is printed and saved
/// under TestResults/ for the test script to show.
/// </summary>
public class OnnxBackendConformanceTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("node", 800)]
    [InlineData("pytorch-converted", 50)]
    [InlineData("pytorch-operator", 20)]
    [InlineData("simple", 15)]
    public void Every_model_onnx_runtime_runs_gives_its_reference_outputs_whole_and_split_at_every_cut(string suite, int minimumPassed)
    {
        var tests = BackendConformance.FindTests([Path.Combine(RepositoryPaths.OnnxBackendTestData, suite)]);
        var report = new BackendConformance(new OnnxRuntimeOptions { IntraOpThreads = 1 }).Run(tests);

        var summary = $"ONNX backend conformance, {suite}: {report.Format()}";
        output.WriteLine(summary);
        var results = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "TestResults"));
        File.WriteAllText(Path.Combine(results.FullName, $"onnx-conformance-{suite}.txt"), summary);

        Assert.True(report.Failed == 0, summary);
        Assert.True(report.Passed >= minimumPassed, $"only {report.Passed} models passed; expected at least {minimumPassed}\n{summary}");
    }
}
