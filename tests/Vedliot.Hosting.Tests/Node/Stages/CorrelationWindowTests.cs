using Vedliot.Hosting.Node.Stages;

namespace Vedliot.Hosting.Tests.Node.Stages;

public sealed class CorrelationWindowTests
{
    [Fact]
    public void Correlation_data_seen_before_is_a_redelivery_and_other_bytes_are_not()
    {
        var window = new CorrelationWindow(4, 1024);

        Assert.True(window.TryAdd([1, 2, 3]));
        Assert.True(window.TryAdd([1, 2, 4]));
        Assert.True(window.TryAdd([1, 2]));
        Assert.True(window.TryAdd([1, 2, 3, 0]));
        Assert.False(window.TryAdd([1, 2, 3]));
        Assert.False(window.TryAdd([1, 2]));
    }

    [Fact]
    public void The_window_keeps_its_own_copy_of_the_bytes()
    {
        var window = new CorrelationWindow(4, 1024);
        byte[] data = [9, 9, 9];

        Assert.True(window.TryAdd(data));
        data[0] = 8;

        Assert.False(window.TryAdd([9, 9, 9]));
        Assert.True(window.TryAdd(data));
    }

    [Fact]
    public void The_window_forgets_the_oldest_first_and_never_holds_more_than_its_capacity()
    {
        var window = new CorrelationWindow(3, 1024);
        foreach (var b in new byte[] { 10, 11, 12, 13 })
        {
            Assert.True(window.TryAdd([b]));
        }

        Assert.Equal(3, window.Count);
        Assert.True(window.TryAdd([10])); // forgotten: 10 was the oldest
        Assert.False(window.TryAdd([13]));
        Assert.False(window.TryAdd([12]));
        Assert.Equal(3, window.Count);
    }

    [Fact]
    public void Long_correlation_data_is_bounded_by_bytes_as_well_as_by_count()
    {
        var window = new CorrelationWindow(1000, 100);

        for (var i = 0; i < 10; i++)
        {
            Assert.True(window.TryAdd(Enumerable.Repeat((byte)i, 40).ToArray()));
        }

        Assert.Equal(2, window.Count);
        Assert.Equal(80, window.Bytes);
        Assert.False(window.TryAdd(Enumerable.Repeat((byte)9, 40).ToArray()));
        Assert.True(window.TryAdd(Enumerable.Repeat((byte)7, 40).ToArray()));

        // One entry longer than the whole budget is still remembered, alone.
        Assert.True(window.TryAdd(new byte[500]));
        Assert.Equal(1, window.Count);
        Assert.False(window.TryAdd(new byte[500]));
    }

    [Fact]
    public void A_long_stream_of_new_correlation_data_keeps_memory_bounded()
    {
        var window = new CorrelationWindow(1000, 1 << 20);
        for (var id = 0; id < 100_000; id++)
        {
            Assert.True(window.TryAdd(BitConverter.GetBytes(id)));
        }

        Assert.Equal(1000, window.Count);
        Assert.False(window.TryAdd(BitConverter.GetBytes(99_999)));
        Assert.True(window.TryAdd(BitConverter.GetBytes(98_999)));
    }
}
