using Vedliot.Messaging.Packets;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Hosting.Tests.Infrastructure;

/// <summary>What the node tests check of a stage's results and health reports.</summary>
internal static class StageAssertions
{
    /// <summary>The same values, to 5 decimal places.</summary>
    public static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 5);
        }
    }

    /// <summary>The first stage's figures in a health report, if it has any.</summary>
    public static StageMetrics? FirstStageMetrics(MqttApplicationMessage health) =>
        DeploymentMessages.Read<NodeHealth>(health, ProtocolContentTypes.Health).Stages is [var first, ..] ? first : null;
}
