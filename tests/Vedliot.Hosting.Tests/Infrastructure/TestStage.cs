using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Testing.Runtime;

namespace Vedliot.Hosting.Tests.Infrastructure;

/// <summary>A one-stage pipeline for the tests: y = relu(x·W) with x of shape 1×4 and a fixed 4×4 W.</summary>
public static class TestStage
{
    public const ulong PipelineId = 7;

    public static readonly float[] W = [.. Enumerable.Range(0, 16).Select(i => ((i * 7) % 11 - 5) / 5f)];

    public static readonly byte[] Partition = new OnnxModelBuilder()
        .Input("x", 1, 4)
        .Initializer("w", W, [4, 4])
        .Node("MatMul", ["x", "w"], ["h"])
        .Node("Relu", ["h"], ["y"])
        .Output("y", 1, 4)
        .ToBytes();

    public static string Digest(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static StageAssignment Assignment(DeploymentTopics topics, string key = "p/g1/s0", byte[]? partition = null) => new(
        key,
        "p",
        PipelineId,
        1,
        0,
        "p.s0.onnx",
        Digest(partition ?? Partition),
        (partition ?? Partition).Length,
        topics.StageInput("p", 1, 0),
        topics.StageInput("p", 1, 1),
        ["x"],
        ["y"]);

    public static float[] Expected(float[] x) =>
        [.. Enumerable.Range(0, 4).Select(j => Math.Max(0f, Enumerable.Range(0, 4).Sum(k => x[k] * W[(k * 4) + j])))];

    public static TensorFrame Frame(ulong requestId, float[] values, string? shapeOverride = null, uint stageIndex = 0)
    {
        long[] shape = shapeOverride is null ? [1, values.Length] : [.. shapeOverride.Split('x').Select(long.Parse)];
        return new TensorFrame
        {
            ElementType = TensorElementType.Float32,
            Shape = shape,
            PipelineId = PipelineId,
            RequestId = requestId,
            StageIndex = stageIndex,
            Data = MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
        };
    }

    /// <summary>A bundle carrying <paramref name="values"/> as tensor <paramref name="name"/>, for the stage's input topic.</summary>
    public static MqttApplicationMessage Input(string topic, ulong requestId, float[] values, string name = "x", string? shape = null) =>
        TensorMessages.CreateBundle(
            topic,
            new TensorBundle
            {
                PipelineId = PipelineId,
                RequestId = requestId,
                StageIndex = 0,
                Tensors = [new NamedTensor { Name = name, Frame = Frame(requestId, values, shape) }],
            },
            MqttQualityOfService.AtLeastOnce);

    public static bool IsResultFor(MqttApplicationMessage message, ulong requestId) =>
        message.ContentType == TensorMessages.BundleContentType && TensorMessages.ReadBundle(message, "y").RequestId == requestId;

    public static bool IsErrorFor(MqttApplicationMessage message, ulong requestId) =>
        message.ContentType == ProtocolContentTypes.Error && message.UserProperties.Any(p => p.Name == "request-id" && p.Value == requestId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
