using Vedliot.Messaging.Client;
using Vedliot.Pipelines;
using Vedliot.Testing;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>
/// The app over a real mosquitto, with <see cref="FakePipelines"/> running the real models in place of the deployed
/// pipelines (the deployment itself is exercised by the lead's end-to-end run).
/// </summary>
public sealed class SmartHomeAppTests(MosquittoBroker broker, WakeWordModels models) : IClassFixture<MosquittoBroker>, IClassFixture<WakeWordModels>, IAsyncLifetime
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);
    private readonly string _prefix = "smart-home-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>The manifest's three pipelines, under a topic root of this test's own (notices included).</summary>
    private SmartHomeAppOptions Pipelines => new()
    {
        Melspectrogram = new PipelineEndpoint("melspectrogram", $"{_prefix}/audio", $"{_prefix}/mel", _prefix),
        Embedding = new PipelineEndpoint("embedding", $"{_prefix}/mel-windows", $"{_prefix}/embedding", _prefix),
        WakeWord = new PipelineEndpoint("hey-jarvis", $"{_prefix}/embedding-windows", $"{_prefix}/wakeword", _prefix),
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
    }

    private async Task<MqttClient> ClientAsync(string name)
    {
        var client = new MqttClient(broker.Options($"{_prefix}-{name}"));
        _owned.Add(client);
        await client.ConnectAsync();
        return client;
    }

    private async Task<SmartHomeApp> AppAsync(string name, SmartHomeAppOptions? options = null)
    {
        var app = await SmartHomeApp.StartAsync(await ClientAsync(name), options ?? Pipelines).WaitAsync(Safety);
        _owned.Add(app);
        return app;
    }

    private async Task<FakePipelines> FakePipelinesAsync(Action<FakePipelines>? configure = null, bool answer = true)
    {
        var client = new MqttClient(broker.Options($"{_prefix}-pipelines"));
        await client.ConnectAsync();
        var pipelines = new FakePipelines(client, models, Pipelines);
        _owned.Add(pipelines);
        configure?.Invoke(pipelines);
        await pipelines.StartAsync(answer);
        return pipelines;
    }

    private static async Task<float[]> HeyJarvisAsync()
    {
        var speech = (await SpeechSample.SynthesizeAsync("hey jarvis")).Samples;
        return speech[..(speech.Length / 1280 * 1280)].ToArray(); // whole chunks, as WakeWordModels.Scores takes them
    }

    private static async Task<List<WakeWordScore>> CollectAsync(IAsyncEnumerable<WakeWordScore> scores)
    {
        using var safety = new CancellationTokenSource(Safety);
        var list = new List<WakeWordScore>();
        await foreach (var score in scores.WithCancellation(safety.Token))
        {
            list.Add(score);
        }

        return list;
    }

    [Fact]
    public async Task Scores_over_mqtt_equal_the_in_process_pipeline_though_answers_come_swapped_and_twice()
    {
        var audio = await HeyJarvisAsync();
        var expected = models.Scores(audio);
        var chunks = (ulong)(audio.Length / 1280);
        var windows = ((8 * chunks) - 76) / 8 + 1;
        await FakePipelinesAsync(p =>
        {
            p.AnswerTwice = true;
            p.SwapPairsUpTo = new Dictionary<string, ulong>
            {
                ["melspectrogram"] = chunks,
                ["embedding"] = windows,
                ["hey-jarvis"] = windows - 15,
            };
        });
        var app = await AppAsync("app");

        var scores = await CollectAsync(app.DetectAsync(audio));

        Assert.Equal(30, scores.Count);
        Assert.Equal(Enumerable.Range(1, scores.Count).Select(i => (ulong)i), scores.Select(s => s.RequestId));
        Assert.Equal(expected.Select(e => e.AudioEnd), scores.Select(s => s.AudioEnd));
        Assert.All(expected.Zip(scores), p => Assert.Equal(p.First.Score, p.Second.Score, 1e-6f));
        Assert.True(scores.Max(s => s.Score) > 0.8f);
    }

    [Fact]
    public async Task Audio_arriving_in_buffers_of_any_lengths_as_a_microphone_gives_it_scores_as_the_whole_clip()
    {
        var audio = await HeyJarvisAsync();
        await FakePipelinesAsync();
        var app = await AppAsync("app");

        var scores = await CollectAsync(app.DetectAsync(Reads(audio, 1000, 333, 2048, 7)));

        Assert.Equal(models.Scores(audio).Select(s => (s.AudioEnd, s.Score)), scores.Select(s => (s.AudioEnd, s.Score)));
    }

    /// <summary>The audio in reads of the given lengths, round and round, as a sound device delivers it.</summary>
    private static async IAsyncEnumerable<ReadOnlyMemory<float>> Reads(float[] audio, params int[] lengths)
    {
        for (int start = 0, k = 0; start < audio.Length; k++)
        {
            await Task.Yield();
            var length = Math.Min(lengths[k % lengths.Length], audio.Length - start);
            yield return audio.AsMemory(start, length);
            start += length;
        }
    }

    [Fact]
    public async Task Two_apps_on_the_same_topics_each_get_only_their_own_answers()
    {
        await FakePipelinesAsync();
        var heyJarvis = await HeyJarvisAsync();
        var silence = new float[4 * 16_000];
        var first = await AppAsync("first");
        var second = await AppAsync("second");

        var both = await Task.WhenAll(CollectAsync(first.DetectAsync(heyJarvis)), CollectAsync(second.DetectAsync(silence)));

        Assert.Equal(models.Scores(heyJarvis).Select(s => s.Score), both[0].Select(s => s.Score));
        Assert.Equal(models.Scores(silence).Select(s => s.Score), both[1].Select(s => s.Score));
    }

    [Fact]
    public async Task Two_detections_on_one_app_run_side_by_side_each_with_its_own_scores()
    {
        await FakePipelinesAsync();
        var heyJarvis = await HeyJarvisAsync();
        var silence = new float[4 * 16_000];
        var app = await AppAsync("app");

        var both = await Task.WhenAll(CollectAsync(app.DetectAsync(heyJarvis)), CollectAsync(app.DetectAsync(silence)));

        Assert.Equal(models.Scores(heyJarvis).Select(s => s.Score), both[0].Select(s => s.Score));
        Assert.Equal(models.Scores(silence).Select(s => s.Score), both[1].Select(s => s.Score));
        Assert.All(both, scores => Assert.Equal(Enumerable.Range(1, scores.Count).Select(i => (ulong)i), scores.Select(s => s.RequestId)));
    }

    [Fact]
    public async Task An_error_answer_ends_detection_with_the_pipeline_s_message()
    {
        await FakePipelinesAsync(p => p.Errors = new Dictionary<(string, ulong), string> { [("embedding", 3)] = "stage 1 on jetson-agx failed: out of memory" });
        var app = await AppAsync("app");

        var error = await Assert.ThrowsAsync<WakeWordPipelineException>(async () => await CollectAsync(app.DetectAsync(await HeyJarvisAsync())));

        Assert.Equal("pipeline 'embedding' answered request 3 with an error: stage 1 on jetson-agx failed: out of memory", error.Message);
    }

    [Fact]
    public async Task A_pipeline_stopped_mid_detection_ends_it_with_the_notice_s_reason()
    {
        var pipelines = await FakePipelinesAsync(answer: false);
        var app = await AppAsync("app");

        var detection = CollectAsync(app.DetectAsync(new float[5 * 1280]));
        await pipelines.PublishNoticeAsync("melspectrogram", PipelineState.Stopped, "the deployment was taken down");
        var error = await Assert.ThrowsAsync<WakeWordPipelineException>(() => detection);

        Assert.Equal("pipeline 'melspectrogram' was stopped: the deployment was taken down", error.Message);
    }

    [Fact]
    public async Task Without_answers_detection_gives_up_after_the_last_attempt_naming_the_pipeline_and_request()
    {
        var time = new TimerAwareFakeTimeProvider();
        var options = Pipelines with { RequestTimeout = TimeSpan.FromSeconds(30), MaxAttempts = 1, TimeProvider = time };
        await FakePipelinesAsync(answer: false);
        var app = await AppAsync("app", options);

        var detection = CollectAsync(app.DetectAsync(new float[5 * 1280]));
        await time.WaitForTimerAsync(d => d == options.RequestTimeout).WaitAsync(Safety);
        time.Advance(options.RequestTimeout);
        var error = await Assert.ThrowsAsync<PipelineTimeoutException>(() => detection);

        Assert.Equal("pipeline 'melspectrogram': no answer to request 1 after 1 attempts, 30 s; the pipeline is running (generation 1)", error.Message);
    }

    [Fact]
    public async Task Starting_waits_for_the_notices_and_names_the_pipeline_that_does_not_run()
    {
        var time = new TimerAwareFakeTimeProvider();
        var options = Pipelines with { StartTimeout = TimeSpan.FromSeconds(45), TimeProvider = time };

        // The three clients start side by side: advance the clock for each wait as it is armed.
        var starting = AppAsync("app", options);
        while (!starting.IsCompleted)
        {
            var armed = time.WaitForTimerAsync(d => d == options.StartTimeout);
            if (await Task.WhenAny(armed, starting).WaitAsync(Safety) == armed)
            {
                time.Advance(options.StartTimeout);
            }
        }

        var error = await Assert.ThrowsAsync<PipelineTimeoutException>(() => starting);

        Assert.Equal($"pipeline 'melspectrogram' did not run within 45 s: no notice arrived on '{_prefix}/pipelines/melspectrogram/notice'", error.Message);
    }

    [Theory]
    [InlineData("a/#", "b", "melspectrogram", "Melspectrogram.InputTopic 'a/#': ")]
    [InlineData("a", "", "melspectrogram", "Melspectrogram.OutputTopic '': ")]
    [InlineData("a", "c", "melspectrogram", "The six topics must differ: Melspectrogram='a' → 'c', ")]
    [InlineData("a", "b", "embedding", "The three pipelines must differ: Melspectrogram='embedding', Embedding='embedding', ")]
    public void Options_with_an_invalid_or_repeated_topic_or_pipeline_are_refused(string input, string output, string name, string message)
    {
        var options = new SmartHomeAppOptions
        {
            Melspectrogram = new PipelineEndpoint(name, input, output),
            Embedding = new PipelineEndpoint("embedding", "c", "d"),
            WakeWord = new PipelineEndpoint("hey-jarvis", "e", "f"),
        };

        Assert.StartsWith(message, Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
    }
}
