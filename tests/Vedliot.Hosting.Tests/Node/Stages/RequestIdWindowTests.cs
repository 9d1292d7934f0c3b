using Vedliot.Hosting.Node.Stages;

namespace Vedliot.Hosting.Tests.Node.Stages;

public sealed class RequestIdWindowTests
{
    [Fact]
    public void An_id_seen_before_is_a_duplicate()
    {
        var window = new RequestIdWindow(4);

        Assert.True(window.TryAdd(1));
        Assert.True(window.TryAdd(2));
        Assert.False(window.TryAdd(1));
    }

    [Fact]
    public void The_window_forgets_the_oldest_id_first_and_never_holds_more_than_its_capacity()
    {
        var window = new RequestIdWindow(3);
        foreach (var id in new ulong[] { 10, 11, 12, 13 })
        {
            Assert.True(window.TryAdd(id));
        }

        Assert.Equal(3, window.Count);
        Assert.True(window.TryAdd(10)); // forgotten: 10 was the oldest
        Assert.False(window.TryAdd(13));
        Assert.False(window.TryAdd(12));
        Assert.Equal(3, window.Count);
    }

    [Fact]
    public void A_long_stream_of_new_ids_keeps_memory_bounded()
    {
        var window = new RequestIdWindow(1000);
        for (ulong id = 0; id < 100_000; id++)
        {
            Assert.True(window.TryAdd(id));
        }

        Assert.Equal(1000, window.Count);
        Assert.False(window.TryAdd(99_999));
        Assert.True(window.TryAdd(98_999));
    }
}
