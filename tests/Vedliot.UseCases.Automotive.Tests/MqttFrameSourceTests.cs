using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.Testing;
using Vedliot.UseCases.Automotive.Frames;
using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>Raw RGB frames over a real mosquitto: good ones arrive pixel for pixel, bad ones as errors naming the topic.</summary>
public sealed class MqttFrameSourceTests(MosquittoBroker broker) : IClassFixture<MosquittoBroker>, IAsyncLifetime
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);
    private readonly string _topic = $"t{Guid.NewGuid():N}/camera/front";
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_frame_published_by_a_camera_arrives_pixel_for_pixel_and_bad_ones_as_errors_naming_the_topic()
    {
        var source = await MqttFrameSource.StartAsync(await ClientAsync("app"), _topic, new FrameLimits { MaxPixels = 10_000 });
        _owned.Add(source);
        var camera = await ClientAsync("camera");
        var pixels = Enumerable.Range(0, 4 * 3 * 3).Select(i => (byte)(i * 7)).ToArray();

        await camera.PublishAsync(RawFrameMessage.Create(_topic, new RgbImage(4, 3, pixels)));
        await camera.PublishAsync(TensorMessages.Create(_topic, new TensorFrame { ElementType = TensorElementType.Float32, Shape = [3, 4, 3], Data = new byte[3 * 4 * 3 * 4] }));
        await camera.PublishAsync(TensorMessages.Create(_topic, new TensorFrame { ElementType = TensorElementType.UInt8, Shape = [200, 200, 3], Data = new byte[200 * 200 * 3] }));
        await camera.PublishAsync(new MqttApplicationMessage { Topic = _topic, Payload = "jpeg?"u8.ToArray() });

        var received = new List<(RgbImage? Frame, FrameException? Error)>();
        using var timeout = new CancellationTokenSource(Safety);
        await foreach (var item in source.ReadAllAsync(timeout.Token))
        {
            received.Add(item);
            if (received.Count == 4)
            {
                break;
            }
        }

        Assert.Equal((4, 3), (received[0].Frame!.Width, received[0].Frame!.Height));
        Assert.Equal(pixels, received[0].Frame!.Pixels);
        Assert.Equal($"{_topic}: a raw frame is UInt8 [height, width, 3]; this one is Float32 [3, 4, 3]", received[1].Error!.Message);
        Assert.Equal($"{_topic}: 200×200 pixels is over the limit (16384 per side, 10000 in all); refused before decoding", received[2].Error!.Message);
        Assert.StartsWith($"{_topic}: not a raw frame:", received[3].Error!.Message, StringComparison.Ordinal);
    }

    private async Task<MqttClient> ClientAsync(string name)
    {
        var client = new MqttClient(broker.Options($"{_topic.Split('/')[0]}-{name}"));
        _owned.Add(client);
        await client.ConnectAsync();
        return client;
    }
}
