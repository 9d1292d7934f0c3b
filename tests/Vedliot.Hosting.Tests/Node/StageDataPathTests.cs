using Vedliot.Hosting.Tests.Infrastructure;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Messaging.Tensors;
using Vedliot.Runtime.Deployment.Protocol;
using Vedliot.Testing;
using Vedliot.Testing.Runtime;

namespace Vedliot.Hosting.Tests.Node;

/// <summary>
/// The data path through a node's stages, against a real broker: app → stage → next stage or app, with the request's
/// response topic and correlation data carried along and every failure answered to the app at once. Every wait ends
/// on a message; "nothing else arrived" is checked after a later message that the stage sends after it, in order.
/// </summary>
[Collection(BrokerGroup.Name)]
public sealed class StageDataPathTests(MosquittoBroker broker) : IAsyncLifetime
{
    private static readonly float[] X = [1f, -2f, 3f, 0.5f];

    private static readonly byte[] TwoOutputs = new OnnxModelBuilder()
        .Input("x", 1, 4)
        .Input("z", 1, 4)
        .Initializer("w", TestStage.W, [4, 4])
        .Node("MatMul", ["x", "w"], ["h"])
        .Node("Relu", ["h"], ["y"])
        .Node("Add", ["x", "z"], ["v"])
        .Output("y", 1, 4)
        .Output("v", 1, 4)
        .ToBytes();

    private NodeHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await NodeHarness.StartAsync(broker);

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private DeploymentTopics Topics => _harness.Topics;

    private MessageRecorder Recorder => _harness.Recorder;

    private async Task<StageAssignment> AssignAsync(StageAssignment? wanted = null, byte[]? partition = null)
    {
        var assignment = wanted ?? TestStage.Assignment(Topics);
        _harness.Artefacts[assignment.Key] = partition ?? TestStage.Partition;
        var reply = await _harness.CommandAsync(ProtocolContentTypes.StageAssignment, assignment);
        Assert.Equal(assignment.Key, DeploymentMessages.Read<StageLoaded>(reply, ProtocolContentTypes.StageLoaded).Key);
        return assignment;
    }

    [Fact]
    public async Task A_forwarded_bundle_keeps_the_response_topic_and_the_correlation_data()
    {
        var assignment = await AssignAsync();
        var correlation = TestStage.Correlation(1);

        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 41, X, correlation: correlation, responseTopic: TestStage.AppReplies(Topics)));

        var (forwarded, _) = await Recorder.WaitForAsync(assignment.OutputTopic!, m => TestStage.IsResultFor(m, 41));
        Assert.Equal(TestStage.AppReplies(Topics), forwarded.ResponseTopic);
        Assert.Equal(correlation, forwarded.CorrelationData!.Value.ToArray());
        Assert.Equal(MqttQualityOfService.AtLeastOnce, forwarded.QualityOfService);
        Assert.Equal(TensorMessages.BundleContentType, forwarded.ContentType);
        Assert.Equal(1u, TensorMessages.ReadBundle(forwarded, "y").StageIndex);
        StageAssertions.AssertClose(TestStage.Expected(X), Elements(forwarded, "y"));
    }

    [Fact]
    public async Task The_last_stage_answers_a_lone_frame_on_the_response_topic_or_else_on_the_answer_topic()
    {
        var assignment = await AssignAsync(TestStage.LastStage(Topics));
        var correlation = TestStage.Correlation(2);

        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 51, X, correlation: correlation, responseTopic: TestStage.AppReplies(Topics)));
        var (answer, _) = await Recorder.WaitForAsync(TestStage.AppReplies(Topics), m => TestStage.IsResultFor(m, 51));

        Assert.Equal(TensorMessages.ContentType, answer.ContentType);
        Assert.Equal(correlation, answer.CorrelationData!.Value.ToArray());
        Assert.Null(answer.ResponseTopic);
        var frame = TensorMessages.Read(answer);
        Assert.Equal((TestStage.PipelineId, 51ul, 1u), (frame.PipelineId, frame.RequestId, frame.StageIndex));
        StageAssertions.AssertClose(TestStage.Expected(X), TensorFrameCodec.GetElements<float>(frame).ToArray());

        // Without a response topic of its own, the request is answered on the pipeline's answer topic.
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 52, X));
        var (plain, _) = await Recorder.WaitForAsync(assignment.AnswerTopic, m => TestStage.IsResultFor(m, 52));
        Assert.Equal(TensorMessages.ContentType, plain.ContentType);
        Assert.Null(plain.CorrelationData);
    }

    [Fact]
    public async Task A_last_stage_with_two_outputs_answers_a_bundle_computed_from_the_received_tensors()
    {
        // x and z are read in place from the received bundle; y and v are encoded straight from ONNX Runtime's outputs.
        var assignment = await AssignAsync(TestStage.LastStage(Topics, partition: TwoOutputs) with { InputNames = ["x", "z"], OutputNames = ["y", "v"] }, TwoOutputs);
        float[] z = [0.5f, -4f, 10f, 0.125f];

        foreach (var requestId in new ulong[] { 21, 22 })
        {
            await _harness.PublishAsync(TensorMessages.CreateBundle(
                assignment.InputTopic,
                new TensorBundle
                {
                    PipelineId = TestStage.PipelineId,
                    RequestId = requestId,
                    Tensors = [new NamedTensor { Name = "z", Frame = TestStage.Frame(requestId, z) }, new NamedTensor { Name = "x", Frame = TestStage.Frame(requestId, X) }],
                },
                MqttQualityOfService.AtLeastOnce));
        }

        foreach (var requestId in new ulong[] { 21, 22 })
        {
            var (answer, _) = await Recorder.WaitForAsync(assignment.AnswerTopic, m => TestStage.IsResultFor(m, requestId));
            Assert.Equal(TensorMessages.BundleContentType, answer.ContentType);
            var bundle = TensorMessages.ReadBundle(answer, "y");
            Assert.Equal(["v", "y"], bundle.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
            var y = bundle.Tensors.Single(t => t.Name == "y").Frame;
            var v = bundle.Tensors.Single(t => t.Name == "v").Frame;
            Assert.Equal((requestId, 1u), (y.RequestId, y.StageIndex));
            Assert.Equal([1L, 4L], y.Shape);
            Assert.Equal((requestId, 1u), (v.RequestId, v.StageIndex));
            StageAssertions.AssertClose(TestStage.Expected(X), TensorFrameCodec.GetElements<float>(y).ToArray());
            Assert.Equal(X.Zip(z, (a, b) => a + b).ToArray(), TensorFrameCodec.GetElements<float>(v).ToArray());
        }
    }

    [Fact]
    public async Task Tensors_the_partition_does_not_read_travel_on_to_the_next_stage()
    {
        var assignment = await AssignAsync();
        var skip = TestStage.Frame(3, [9f, 8f]);

        await _harness.PublishAsync(TensorMessages.CreateBundle(
            assignment.InputTopic,
            new TensorBundle
            {
                PipelineId = TestStage.PipelineId,
                RequestId = 3,
                Tensors = [new NamedTensor { Name = "x", Frame = TestStage.Frame(3, X) }, new NamedTensor { Name = "skip", Frame = skip }],
            },
            MqttQualityOfService.AtLeastOnce));

        var (output, _) = await Recorder.WaitForAsync(assignment.OutputTopic!, m => TestStage.IsResultFor(m, 3));
        var bundle = TensorMessages.ReadBundle(output, "y");
        Assert.Equal(["y", "skip"], bundle.Tensors.Select(t => t.Name));
        var carried = bundle.Tensors[1].Frame;
        Assert.Equal(1u, carried.StageIndex);
        Assert.Equal(skip.Data.ToArray(), carried.Data.ToArray());
    }

    [Theory]
    [InlineData("z", "1x4", "missing input 'x'")]
    [InlineData("x", "2x2", "stage 'p/g1/s0'")]
    public async Task A_failure_in_a_middle_stage_is_answered_to_the_app_at_once_with_its_correlation_data(string name, string shape, string reason)
    {
        var assignment = await AssignAsync();
        var correlation = TestStage.Correlation(3);

        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 99, X, name, shape, correlation, TestStage.AppReplies(Topics)));

        var (error, _) = await Recorder.WaitForAsync(TestStage.AppReplies(Topics), m => TestStage.IsErrorFor(m, correlation));
        var text = ErrorReply.Read(error).Message;
        Assert.Contains(reason, text, StringComparison.Ordinal);
        Assert.Contains("stage 'p/g1/s0'", text, StringComparison.Ordinal);
        Assert.Equal(MqttQualityOfService.AtLeastOnce, error.QualityOfService);

        // The stage carries on with the next request; the failed one never went down the chain.
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 100, X, correlation: TestStage.Correlation(4), responseTopic: TestStage.AppReplies(Topics)));
        await Recorder.WaitForAsync(assignment.OutputTopic!, m => TestStage.IsResultFor(m, 100));
        Assert.DoesNotContain(Recorder.Messages, m => m.Topic == assignment.OutputTopic && TestStage.HasCorrelation(m, correlation));
    }

    [Fact]
    public async Task A_payload_that_is_no_tensor_is_answered_on_the_answer_topic_naming_the_input_topic()
    {
        var assignment = await AssignAsync();
        var corrupt = TensorMessages.Create(assignment.InputTopic, TestStage.Frame(5, X), MqttQualityOfService.AtLeastOnce);
        var payload = corrupt.Payload.ToArray();
        payload[^1] ^= 0xFF; // breaks the frame's CRC
        var correlation = TestStage.Correlation(5);

        await _harness.PublishAsync(TestStage.With(new MqttApplicationMessage { Topic = corrupt.Topic, Payload = payload, ContentType = corrupt.ContentType, QualityOfService = MqttQualityOfService.AtLeastOnce }, correlation, null));

        var (error, _) = await Recorder.WaitForAsync(assignment.AnswerTopic, m => TestStage.IsErrorFor(m, correlation));
        Assert.Contains(assignment.InputTopic, ErrorReply.Read(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_reply_arriving_on_a_stage_topic_is_a_bad_request_and_answered_as_such()
    {
        var assignment = await AssignAsync();
        var correlation = TestStage.Correlation(6);

        await _harness.PublishAsync(TestStage.With(new ErrorReply("stage 'p/g1/s-1': boom").ToMessage(assignment.InputTopic, null), correlation, TestStage.AppReplies(Topics)));

        var (error, _) = await Recorder.WaitForAsync(TestStage.AppReplies(Topics), m => TestStage.IsErrorFor(m, correlation));
        var text = ErrorReply.Read(error).Message;
        Assert.Contains("not a request", text, StringComparison.Ordinal);
        Assert.Contains(ErrorReply.ContentType, text, StringComparison.Ordinal);
        Assert.DoesNotContain("boom", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_topic_in_the_protocol_tree_is_refused_and_the_error_goes_to_the_answer_topic()
    {
        var assignment = await AssignAsync();
        var reserved = Topics.Control(_harness.NodeId);
        var correlation = TestStage.Correlation(7);

        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 61, X, correlation: correlation, responseTopic: reserved));

        var (error, _) = await Recorder.WaitForAsync(assignment.AnswerTopic, m => TestStage.IsErrorFor(m, correlation));
        var text = ErrorReply.Read(error).Message;
        Assert.Contains($"response topic '{reserved}' refused", text, StringComparison.Ordinal);
        Assert.Contains(Topics.Root + "/nodes/", text, StringComparison.Ordinal);

        // Nothing was run or forwarded for it, and nothing of it reached the protocol topic.
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 62, X));
        await Recorder.WaitForAsync(assignment.OutputTopic!, m => TestStage.IsResultFor(m, 62));
        Assert.DoesNotContain(Recorder.Messages, m => TestStage.HasCorrelation(m, correlation) && m.Topic != assignment.InputTopic && m.Topic != assignment.AnswerTopic);
    }

    [Fact]
    public async Task A_redelivery_with_the_same_correlation_data_is_dropped_but_a_new_attempt_of_the_same_payload_runs()
    {
        var assignment = await AssignAsync();
        var first = TestStage.Correlation(10);
        var second = TestStage.Correlation(11);

        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 7, X, correlation: first));
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 7, X, correlation: first));
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 7, X, correlation: second));
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 8, X, correlation: TestStage.Correlation(12)));

        // Requests run and are published in order, so once 8 is forwarded the others have been dealt with.
        await Recorder.WaitForAsync(assignment.OutputTopic!, m => TestStage.IsResultFor(m, 8));
        var sevens = Recorder.Messages.Where(m => m.Topic == assignment.OutputTopic && TestStage.IsResultFor(m, 7)).ToList();
        Assert.Equal(2, sevens.Count);
        Assert.True(TestStage.HasCorrelation(sevens[0], first));
        Assert.True(TestStage.HasCorrelation(sevens[1], second));
        var (health, _) = await Recorder.WaitForAsync(Topics.Health(_harness.NodeId), m => StageAssertions.FirstStageMetrics(m)?.Completed == 3);
        Assert.Equal(1, StageAssertions.FirstStageMetrics(health)!.Duplicates);
    }

    [Fact]
    public async Task Requests_without_correlation_data_are_never_dropped_even_with_the_same_payload()
    {
        var assignment = await AssignAsync();

        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 7, X));
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 7, X));

        // Empty correlation data (MQTT allows it) tells no request from another either.
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 9, X, correlation: []));
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 9, X, correlation: []));
        await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, 8, X));

        await Recorder.WaitForAsync(assignment.OutputTopic!, m => TestStage.IsResultFor(m, 8));
        Assert.Equal(2, Recorder.Messages.Count(m => m.Topic == assignment.OutputTopic && TestStage.IsResultFor(m, 7)));
        Assert.Equal(2, Recorder.Messages.Count(m => m.Topic == assignment.OutputTopic && TestStage.IsResultFor(m, 9)));
        var (health, _) = await Recorder.WaitForAsync(Topics.Health(_harness.NodeId), m => StageAssertions.FirstStageMetrics(m)?.Completed == 5);
        Assert.Equal(0, StageAssertions.FirstStageMetrics(health)!.Duplicates);
    }

    [Fact]
    public async Task Many_requests_are_forwarded_in_the_order_they_arrived()
    {
        var assignment = await AssignAsync();
        var ids = Enumerable.Range(1, 24).Select(i => (ulong)i).ToList();

        foreach (var id in ids)
        {
            await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, id, X, correlation: TestStage.Correlation((int)id)));
        }

        await Recorder.WaitForAsync(assignment.OutputTopic!, m => TestStage.IsResultFor(m, ids[^1]));
        var forwarded = Recorder.Messages.Where(m => m.Topic == assignment.OutputTopic).Select(m => TensorMessages.ReadBundle(m, "y").RequestId).ToList();
        Assert.Equal(ids, forwarded);
    }

    [Fact]
    public async Task Two_stages_reading_one_input_topic_both_run_and_releasing_one_keeps_the_other_subscribed()
    {
        // Stage 0 of generations 1 and 2 during a re-placement: both read the app's input topic.
        var old = await AssignAsync(TestStage.Assignment(Topics, "p/g1/s0", generation: 1));
        var next = await AssignAsync(TestStage.Assignment(Topics, "p/g2/s0", generation: 2));
        Assert.Equal(old.InputTopic, next.InputTopic);
        Assert.Equal(["p/g1/s0", "p/g2/s0"], _harness.Node.StageKeys);

        await _harness.PublishAsync(TestStage.Input(old.InputTopic, 31, X, correlation: TestStage.Correlation(31)));
        await Recorder.WaitForAsync(old.OutputTopic!, m => TestStage.IsResultFor(m, 31));
        await Recorder.WaitForAsync(next.OutputTopic!, m => TestStage.IsResultFor(m, 31));

        var reply = await _harness.CommandAsync(ProtocolContentTypes.StageRelease, new StageRelease(old.Key));
        Assert.Equal(old.Key, DeploymentMessages.Read<StageRelease>(reply, ProtocolContentTypes.StageRelease).Key);
        Assert.Equal(["p/g2/s0"], _harness.Node.StageKeys);

        await _harness.PublishAsync(TestStage.Input(next.InputTopic, 32, X, correlation: TestStage.Correlation(32)));
        var (_, at) = await Recorder.WaitForAsync(next.OutputTopic!, m => TestStage.IsResultFor(m, 32));
        Assert.DoesNotContain(Recorder.Messages.Take(at + 1), m => m.Topic == old.OutputTopic && TestStage.IsResultFor(m, 32));
    }

    [Fact]
    public async Task A_stage_that_waits_for_every_acknowledgement_still_answers_every_request()
    {
        await _harness.StopNodeAsync();
        _harness.Options.StagePublishWindow = 1;
        await _harness.StartNodeAsync();
        var assignment = await AssignAsync(TestStage.LastStage(Topics));

        foreach (var id in new ulong[] { 1, 2, 3 })
        {
            await _harness.PublishAsync(TestStage.Input(assignment.InputTopic, id, X));
        }

        await Recorder.WaitForAsync(assignment.AnswerTopic, m => TestStage.IsResultFor(m, 3));
        Assert.Equal([1ul, 2ul, 3ul], Recorder.Messages.Where(m => m.Topic == assignment.AnswerTopic).Select(m => TensorMessages.Read(m).RequestId));
    }

    private static float[] Elements(MqttApplicationMessage message, string name) =>
        TensorFrameCodec.GetElements<float>(TensorMessages.ReadBundle(message, name).Tensors.Single(t => t.Name == name).Frame).ToArray();
}
