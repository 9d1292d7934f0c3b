using Vedliot.Hosting.Node;

namespace Vedliot.Hosting.Tests.Node;

public sealed class NodeAgentOptionsTests
{
    private static NodeAgentOptions Valid() => new() { NodeId = "n1", StateDirectory = "/tmp/vedliot-options-test" };

    [Theory]
    [InlineData(0)]
    [InlineData(NodeAgentOptions.MaximumStagePublishWindow + 1)]
    public void A_stage_publish_window_out_of_range_is_refused_by_name(int window)
    {
        var options = Valid();
        options.StagePublishWindow = window;

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Equal(nameof(NodeAgentOptions.StagePublishWindow), error.ParamName);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(NodeAgentOptions.MaximumStagePublishWindow)]
    public void A_stage_publish_window_in_range_is_accepted(int window)
    {
        var options = Valid();
        options.StagePublishWindow = window;

        options.Validate();
    }

    [Fact]
    public void A_duplicate_window_without_bytes_is_refused_by_name()
    {
        var options = Valid();
        options.DuplicateWindowBytes = 0;

        Assert.Equal(nameof(NodeAgentOptions.DuplicateWindowBytes), Assert.Throws<ArgumentException>(options.Validate).ParamName);
    }
}
