using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
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

    /// <summary>The manifest's input topic of pipeline p: apps publish there and stage 0 reads it.</summary>
    public static string AppInput(DeploymentTopics topics) => topics.Root + "/app/p/in";

    /// <summary>The manifest's output topic of pipeline p: the answer topic.</summary>
    public static string AppOutput(DeploymentTopics topics) => topics.Root + "/app/p/out";

    /// <summary>An app's own response topic.</summary>
    public static string AppReplies(DeploymentTopics topics) => topics.Root + "/app/p/replies";

    /// <summary>Stage 0 of generation 1 of pipeline p, reading the app topic and forwarding to stage 1.</summary>
    public static StageAssignment Assignment(DeploymentTopics topics, string key = "p/g1/s0", byte[]? partition = null, int generation = 1) => new(
        key,
        "p",
        PipelineId,
        generation,
        0,
        "p.s0.onnx",
        Digest(partition ?? Partition),
        (partition ?? Partition).Length,
        AppInput(topics),
        topics.StageInput("p", generation, 1),
        AppOutput(topics),
        ["x"],
        ["y"]);

    /// <summary>The same partition as the pipeline's only (so last) stage: it answers instead of forwarding.</summary>
    public static StageAssignment LastStage(DeploymentTopics topics, string key = "p/g1/s0", byte[]? partition = null) =>
        Assignment(topics, key, partition) with { OutputTopic = null };

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

    /// <summary>
    /// A bundle carrying <paramref name="values"/> as tensor <paramref name="name"/>, for the stage's input topic, with
    /// the MQTT 5.0 correlation data and response topic an app (or the previous stage) would give it.
    /// </summary>
    public static MqttApplicationMessage Input(string topic, ulong requestId, float[] values, string name = "x", string? shape = null, byte[]? correlation = null, string? responseTopic = null) =>
        With(
            TensorMessages.CreateBundle(
                topic,
                new TensorBundle
                {
                    PipelineId = PipelineId,
                    RequestId = requestId,
                    StageIndex = 0,
                    Tensors = [new NamedTensor { Name = name, Frame = Frame(requestId, values, shape) }],
                },
                MqttQualityOfService.AtLeastOnce),
            correlation,
            responseTopic);

    /// <summary>A copy of <paramref name="message"/> with correlation data and a response topic.</summary>
    public static MqttApplicationMessage With(MqttApplicationMessage message, byte[]? correlation, string? responseTopic) => new()
    {
        Topic = message.Topic,
        Payload = message.Payload,
        ContentType = message.ContentType,
        QualityOfService = message.QualityOfService,
        CorrelationData = correlation is null ? default(ReadOnlyMemory<byte>?) : correlation, // a null array would otherwise become empty correlation data
        ResponseTopic = responseTopic,
    };

    /// <summary>Correlation data as a PipelineClient attempt would have it (any bytes do).</summary>
    public static byte[] Correlation(int attempt) => [.. "attempt-"u8, (byte)attempt, 0xC0, 0xFF, 0xEE];

    /// <summary>A result (bundle or lone frame) of request <paramref name="requestId"/>.</summary>
    public static bool IsResultFor(MqttApplicationMessage message, ulong requestId) =>
        message.ContentType is TensorMessages.BundleContentType or TensorMessages.ContentType && TensorMessages.ReadBundle(message, "y").RequestId == requestId;

    /// <summary>An error reply carrying <paramref name="correlation"/>.</summary>
    public static bool IsErrorFor(MqttApplicationMessage message, byte[] correlation) =>
        ErrorReply.IsErrorReply(message) && HasCorrelation(message, correlation);

    public static bool HasCorrelation(MqttApplicationMessage message, byte[] correlation) =>
        message.CorrelationData is { } data && data.Span.SequenceEqual(correlation);
}
