using System.Text;
using System.Threading.Channels;
using Vedliot.Messaging.Client;

namespace Vedliot.Messaging.Tests.Infrastructure;

/// <summary>Queues every message a client receives so a test can await them in order.</summary>
public sealed class MessageCollector
{
    private readonly Channel<MqttMessageReceivedEventArgs> _messages = Channel.CreateUnbounded<MqttMessageReceivedEventArgs>();

    public MessageCollector(MqttClient client)
    {
        client.MessageReceivedAsync += e => _messages.Writer.WriteAsync(e).AsTask();
    }

    public async Task<MqttMessageReceivedEventArgs> NextAsync() =>
        await _messages.Reader.ReadAsync().AsTask().WaitAsync(TestTimeouts.Safety);

    public async Task<string> NextPayloadAsync() => Encoding.UTF8.GetString((await NextAsync()).Message.Payload.Span);

    public async Task<List<MqttMessageReceivedEventArgs>> TakeAsync(int count)
    {
        var list = new List<MqttMessageReceivedEventArgs>();
        for (var i = 0; i < count; i++)
        {
            list.Add(await NextAsync());
        }

        return list;
    }
}
