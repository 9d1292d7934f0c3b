using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Testing;
using Vedliot.UseCases.Automotive.Frames;
using Vedliot.UseCases.Automotive.Rendering;
using Vedliot.UseCases.Automotive.Vss;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>
/// The app against a real mosquitto and the real models in process: what it reads comes out as VSS datapoints on
/// their topics, and the speed it is sent on Vehicle.Speed is compared with the last limit read.
/// </summary>
public sealed class AutomotiveAppTests(MosquittoBroker broker, OcrModels models) : IClassFixture<MosquittoBroker>, IClassFixture<OcrModels>, IAsyncLifetime
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);
    private static readonly DateTimeOffset Start = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly string _root = $"t{Guid.NewGuid():N}/vss";
    private readonly Channel<(string Topic, VssDatapoint Datapoint, bool Retained)> _seen = Channel.CreateUnbounded<(string, VssDatapoint, bool)>();
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly TempDirectory _temp = new();
    private MqttClient _vehicle = null!;

    private VssTopics Topics => new(_root);

    public async Task InitializeAsync()
    {
        _vehicle = await ClientAsync("vehicle");
        _vehicle.MessageReceivedAsync += args =>
        {
            _seen.Writer.TryWrite((args.Message.Topic, VssDatapoint.Parse(args.Message.Topic, args.Message.Payload.Span), args.Message.Retain));
            return Task.CompletedTask;
        };
        await _vehicle.SubscribeAsync($"{_root}/Vehicle/ADAS/#", MqttQualityOfService.AtLeastOnce);
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task A_speed_limit_sign_is_published_as_VSS_datapoints_and_a_faster_vehicle_gets_the_warning()
    {
        var time = new FakeTimeProvider(Start);
        var app = await AppAsync(time);
        var warnings = Channel.CreateUnbounded<OverSpeedWarning>();
        app.OverSpeedChanged += w => warnings.Writer.TryWrite(w);

        var result = await app.ReadFrameAsync("fifty", await FrameAsync(new SignSpec(SignKind.SpeedLimit, "50")));

        Assert.Equal(50, result.SpeedLimitKmh);
        var text = await NextAsync(VssSignals.Text);
        Assert.Equal("50", text.Value.GetString());
        Assert.Equal(Start, text.Timestamp);
        Assert.InRange((await NextAsync(VssSignals.Confidence)).NumberValue(), 50, 100);
        var box = (await NextAsync(VssSignals.Box)).Value.EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(8, box.Length);
        Assert.Equal(50, (await NextAsync(VssSignals.SpeedLimit, retained: false)).NumberValue());

        await SendSpeedAsync(72.5);
        Assert.True((await NextAsync(VssSignals.IsWarning)).Value.GetBoolean());
        var warning = await warnings.Reader.ReadAsync().AsTask().WaitAsync(Safety);
        Assert.Equal((OverSpeedState.OverSpeed, 50, 72.5), (warning.State, warning.LimitKmh, warning.SpeedKmh));

        await SendSpeedAsync(48);
        Assert.False((await NextAsync(VssSignals.IsWarning)).Value.GetBoolean());
    }

    [Fact]
    public async Task The_last_limit_read_is_retained_for_late_subscribers()
    {
        var app = await AppAsync(new FakeTimeProvider(Start));
        Assert.Equal(30, (await app.ReadFrameAsync("thirty", await FrameAsync(new SignSpec(SignKind.SpeedLimit, "30")))).SpeedLimitKmh);

        var late = Channel.CreateUnbounded<(bool Retain, double Value)>();
        var observer = await ClientAsync("late");
        observer.MessageReceivedAsync += args =>
        {
            late.Writer.TryWrite((args.Message.Retain, VssDatapoint.Parse(args.Message.Topic, args.Message.Payload.Span).NumberValue()));
            return Task.CompletedTask;
        };
        await observer.SubscribeAsync(Topics.Topic(VssSignals.SpeedLimit), MqttQualityOfService.AtLeastOnce);

        Assert.Equal((true, 30.0), await late.Reader.ReadAsync().AsTask().WaitAsync(Safety));
        await _vehicle.PublishAsync(new MqttApplicationMessage { Topic = Topics.Topic(VssSignals.SpeedLimit), Retain = true, QualityOfService = MqttQualityOfService.AtLeastOnce });
    }

    [Fact]
    public async Task A_speed_message_that_is_not_a_datapoint_is_refused_naming_its_topic_and_changes_nothing()
    {
        var app = await AppAsync(new FakeTimeProvider(Start));
        var refused = Channel.CreateUnbounded<string>();
        app.InputRejected += problem => refused.Writer.TryWrite(problem);

        await _vehicle.PublishAsync(new MqttApplicationMessage { Topic = Topics.Topic(VssSignals.Speed), Payload = "{\"path\":\"Vehicle.Speed\",\"value\":\"fast\",\"ts\":\"2026-12-04T12:00:00Z\"}"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce });
        await _vehicle.PublishAsync(new MqttApplicationMessage { Topic = Topics.Topic(VssSignals.Speed), Payload = "not json"u8.ToArray(), QualityOfService = MqttQualityOfService.AtLeastOnce });

        Assert.Equal("Vehicle.Speed: value \"fast\" is not a number", await refused.Reader.ReadAsync().AsTask().WaitAsync(Safety));
        Assert.StartsWith($"{Topics.Topic(VssSignals.Speed)}: not a JSON datapoint", await refused.Reader.ReadAsync().AsTask().WaitAsync(Safety), StringComparison.Ordinal);
        Assert.Null(app.Monitor.SpeedKmh);
    }

    private async Task<AutomotiveApp> AppAsync(TimeProvider time)
    {
        var app = await AutomotiveApp.StartAsync(await ClientAsync("app"), models.Reader, Topics, time).WaitAsync(Safety);
        _owned.Add(app);
        return app;
    }

    private async Task<MqttClient> ClientAsync(string name)
    {
        var client = new MqttClient(broker.Options($"{_root.Split('/')[0]}-{name}"));
        _owned.Add(client);
        await client.ConnectAsync();
        return client;
    }

    private async Task<Ocr.RgbImage> FrameAsync(SignSpec spec)
    {
        var sign = await new SignRenderer().RenderAsync(spec, SignVariant.Clean, _temp.Path, $"sign-{Guid.NewGuid():N}");
        return new ImageFileDecoder(new FrameLimits()).DecodeFile(sign.FramePath);
    }

    private Task<MqttPublishResult> SendSpeedAsync(double kmh) =>
        _vehicle.PublishAsync(new MqttApplicationMessage
        {
            Topic = Topics.Topic(VssSignals.Speed),
            Payload = VssDatapoint.Of(VssSignals.Speed, kmh, Start).ToJson(),
            QualityOfService = MqttQualityOfService.AtLeastOnce,
        });

    /// <summary>The next datapoint seen, which must be of <paramref name="path"/> on its topic.</summary>
    private async Task<VssDatapoint> NextAsync(string path, bool? retained = null)
    {
        var (topic, datapoint, retain) = await _seen.Reader.ReadAsync().AsTask().WaitAsync(Safety);
        Assert.Equal((Topics.Topic(path), path), (topic, datapoint.Path));
        if (retained is { } expected)
        {
            // A live delivery of a retained publish has its retain flag cleared [MQTT-3.3.1-9] unless Retain As Published is asked.
            Assert.Equal(expected, retain);
        }

        return datapoint;
    }
}
