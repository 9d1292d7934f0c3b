namespace Vedliot.Pipelines.Tests;

public sealed class PipelineClientOptionsTests
{
    [Fact]
    public void The_defaults_are_valid() => new PipelineClientOptions().Validate();

    [Theory]
    [InlineData(nameof(PipelineClientOptions.MaxInFlight), 0)]
    [InlineData(nameof(PipelineClientOptions.MaxInFlight), 4097)]
    [InlineData(nameof(PipelineClientOptions.MaxAttempts), 0)]
    [InlineData(nameof(PipelineClientOptions.MaxAttempts), 256)]
    public void A_count_out_of_range_is_refused_by_name(string name, int value)
    {
        var options = new PipelineClientOptions();
        typeof(PipelineClientOptions).GetProperty(name)!.SetValue(options, value);
        Assert.Equal(name, Assert.Throws<ArgumentOutOfRangeException>(options.Validate).ParamName);
    }

    [Theory]
    [InlineData(nameof(PipelineClientOptions.RequestTimeout), 0.0)]
    [InlineData(nameof(PipelineClientOptions.RequestTimeout), 0.5)]
    [InlineData(nameof(PipelineClientOptions.RequestTimeout), -1000.0)]
    [InlineData(nameof(PipelineClientOptions.RequestTimeout), 3_600_001.0)]
    [InlineData(nameof(PipelineClientOptions.StartTimeout), 0.0)]
    [InlineData(nameof(PipelineClientOptions.StartTimeout), 3_600_001.0)]
    public void A_duration_out_of_range_is_refused_by_name(string name, double milliseconds)
    {
        var options = new PipelineClientOptions();
        typeof(PipelineClientOptions).GetProperty(name)!.SetValue(options, TimeSpan.FromMilliseconds(milliseconds));
        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(name, error.ParamName);
        Assert.Contains("between 1 ms and 1 h", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bounds_themselves_are_valid() => new PipelineClientOptions
    {
        MaxInFlight = 4096,
        MaxAttempts = 255,
        RequestTimeout = TimeSpan.FromMilliseconds(1),
        StartTimeout = TimeSpan.FromHours(1),
    }.Validate();

    [Fact]
    public void A_missing_clock_is_refused() =>
        Assert.Throws<ArgumentNullException>(new PipelineClientOptions { TimeProvider = null! }.Validate);
}

public sealed class RequestIdTests
{
    [Fact]
    public void An_id_survives_its_correlation_data()
    {
        var id = new RequestId(Guid.NewGuid(), 0x0102030405060708, 7);
        var data = id.ToCorrelationData();
        Assert.Equal(RequestId.Length, data.Length);
        Assert.True(RequestId.TryRead(data, out var read));
        Assert.Equal(id, read);
        Assert.Equal(id with { Attempt = 8 }, id.NextAttempt());
    }

    [Fact]
    public void Correlation_data_of_another_length_is_not_an_id()
    {
        Assert.False(RequestId.TryRead(new byte[RequestId.Length - 1], out _));
        Assert.False(RequestId.TryRead(new byte[RequestId.Length + 1], out _));
    }

    [Fact]
    public void The_attempt_after_255_overflows() =>
        Assert.Throws<OverflowException>(() => new RequestId(Guid.Empty, 1, 255).NextAttempt());
}

public sealed class AnswerOrderTests
{
    [Fact]
    public void Outcomes_are_released_in_sequence_order_and_skips_do_not_block()
    {
        var order = new AnswerOrder();
        var released = new List<ulong>();
        order.Release(3, () => released.Add(3));
        order.Skip(2);
        Assert.Empty(released);
        order.Release(1, () => released.Add(1));
        Assert.Equal([1UL, 3UL], released);
        order.Release(4, () => released.Add(4));
        Assert.Equal([1UL, 3UL, 4UL], released);
    }

    [Fact]
    public void Flush_releases_what_is_held_in_order_and_later_sequences_pass_straight_through()
    {
        var order = new AnswerOrder();
        var released = new List<ulong>();
        order.Release(4, () => released.Add(4));
        order.Release(2, () => released.Add(2));
        order.Flush();
        Assert.Equal([2UL, 4UL], released);
        order.Release(5, () => released.Add(5));
        Assert.Equal([2UL, 4UL, 5UL], released);
    }
}

public sealed class LatencySamplesTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_over_the_latest_samples()
    {
        var samples = new LatencySamples();
        Assert.Equal(0, samples.Percentile(50));
        for (var i = 1; i <= 100; i++)
        {
            samples.Add(TimeSpan.FromMilliseconds(i));
        }

        Assert.Equal(50, samples.Percentile(50));
        Assert.Equal(95, samples.Percentile(95));
        for (var i = 0; i < LatencySamples.Capacity; i++)
        {
            samples.Add(TimeSpan.FromMilliseconds(1000));
        }

        Assert.Equal(1000, samples.Percentile(50));
    }
}
