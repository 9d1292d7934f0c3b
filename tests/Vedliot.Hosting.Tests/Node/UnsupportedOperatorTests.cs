using Vedliot.Hosting.Tests.Infrastructure;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Testing;
using Vedliot.Testing.Runtime;

namespace Vedliot.Hosting.Tests.Node;

[Collection(BrokerGroup.Name)]
public sealed class UnsupportedOperatorTests(MosquittoBroker broker)
{
    [Fact]
    public async Task A_partition_with_an_operator_the_module_does_not_run_is_refused_naming_it_and_not_held()
    {
        await using var harness = await NodeHarness.StartAsync(broker, options => options.ModuleId = "zynq-dpu");
        var partition = new OnnxModelBuilder()
            .Input("x", 1, 4)
            .Node("Sigmoid", ["x"], ["y"])
            .Output("y", 1, 4)
            .ToBytes();
        var assignment = TestStage.Assignment(harness.Topics, partition: partition);
        harness.Artefacts[assignment.Key] = partition;

        var reply = await harness.CommandAsync(ProtocolContentTypes.StageAssignment, assignment);

        var error = Assert.Throws<DeploymentProtocolException>(() => DeploymentMessages.Read<StageLoaded>(reply, ProtocolContentTypes.StageLoaded));
        Assert.Contains("module 'zynq-dpu'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sigmoid", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Node.StageKeys);
    }
}
