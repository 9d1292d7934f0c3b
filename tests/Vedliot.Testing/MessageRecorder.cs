using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;

namespace Vedliot.Testing;

/// <summary>Keeps every message a client receives (detached), in order, and lets a test wait for one that matches.</summary>
public sealed class MessageRecorder
{
    private readonly List<MqttApplicationMessage> _messages = [];
    private readonly List<(Func<MqttApplicationMessage, bool> Match, int From, TaskCompletionSource<int> Found)> _waiters = [];
    private readonly Lock _lock = new();
    private readonly TimeSpan _safety;

    /// <summary>Records what <paramref name="client"/> receives from now on; a wait gives up after <paramref name="safety"/> (default 30 s).</summary>
    public MessageRecorder(MqttClient client, TimeSpan? safety = null)
    {
        _safety = safety ?? TimeSpan.FromSeconds(30);
        client.MessageReceivedAsync += args =>
        {
            Add(MqttMessages.Detach(args.Message));
            return Task.CompletedTask;
        };
    }

    /// <summary>The messages so far, in arrival order.</summary>
    public IReadOnlyList<MqttApplicationMessage> Messages
    {
        get
        {
            lock (_lock)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Waits for the first message at or after position <paramref name="from"/> that matches; returns it and its position.</summary>
    public async Task<(MqttApplicationMessage Message, int Index)> WaitForAsync(Func<MqttApplicationMessage, bool> match, int from = 0)
    {
        TaskCompletionSource<int> found;
        lock (_lock)
        {
            for (var i = from; i < _messages.Count; i++)
            {
                if (match(_messages[i]))
                {
                    return (_messages[i], i);
                }
            }

            found = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, from, found));
        }

        var index = await found.Task.WaitAsync(_safety);
        lock (_lock)
        {
            return (_messages[index], index);
        }
    }

    /// <summary>Waits for a message on <paramref name="topic"/> that matches.</summary>
    public Task<(MqttApplicationMessage Message, int Index)> WaitForAsync(string topic, Func<MqttApplicationMessage, bool>? match = null, int from = 0) =>
        WaitForAsync(m => m.Topic == topic && (match?.Invoke(m) ?? true), from);

    private void Add(MqttApplicationMessage message)
    {
        lock (_lock)
        {
            _messages.Add(message);
            var index = _messages.Count - 1;
            foreach (var waiter in _waiters.Where(w => index >= w.From && w.Match(message)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Found.TrySetResult(index);
            }
        }
    }
}
