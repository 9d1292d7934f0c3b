using Vedliot.Messaging.Client;
using Vedliot.Testing;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>
/// The app over a real mosquitto, with <see cref="FakePipelineGateway"/> running the real models in place of
/// the deployed pipelines (the deployment itself is exercised by the lead's end-to-end run).
/// </summary>
public sealed class SmartHomeAppTests(MosquittoBroker broker, WakeWordModels models) : IClassFixture<MosquittoBroker>, IClassFixture<WakeWordModels>, IAsyncLifetime
{
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(60);
    private readonly string _prefix = "smart-home-test-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> _owned = [];

    private SmartHomeAppOptions Topics => new()
    {
        AudioTopic = $"{_prefix}/audio",
        MelTopic = $"{_prefix}/mel",
        MelWindowsTopic = $"{_prefix}/mel-windows",
        EmbeddingTopic = $"{_prefix}/embedding",
        EmbeddingWindowsTopic = $"{_prefix}/embedding-windows",
        WakeWordTopic = $"{_prefix}/wakeword",
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
        var app = new SmartHomeApp(await ClientAsync(name), options ?? Topics);
        _owned.Add(app);
        return app;
    }

    private async Task GatewayAsync(Action<FakePipelineGateway>? configure = null)
    {
        var client = new MqttClient(broker.Options($"{_prefix}-gateway"));
        await client.ConnectAsync();
        var gateway = new FakePipelineGateway(client, models, Topics);
        _owned.Add(gateway);
        configure?.Invoke(gateway);
        await gateway.StartAsync();
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
        var topics = Topics;
        await GatewayAsync(g =>
        {
            g.AnswerTwice = true;
            g.SwapPairsUpTo = new Dictionary<string, ulong>
            {
                [topics.AudioTopic] = chunks,
                [topics.MelWindowsTopic] = windows,
                [topics.EmbeddingWindowsTopic] = windows - 15,
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
    public async Task Two_apps_on_the_same_topics_each_get_only_their_own_answers()
    {
        await GatewayAsync();
        var heyJarvis = await HeyJarvisAsync();
        var silence = new float[4 * 16_000];
        var first = await AppAsync("first");
        var second = await AppAsync("second");

        var both = await Task.WhenAll(CollectAsync(first.DetectAsync(heyJarvis)), CollectAsync(second.DetectAsync(silence)));

        Assert.Equal(models.Scores(heyJarvis).Select(s => s.Score), both[0].Select(s => s.Score));
        Assert.Equal(models.Scores(silence).Select(s => s.Score), both[1].Select(s => s.Score));
    }

    [Fact]
    public async Task An_error_answer_ends_detection_with_the_pipeline_s_message()
    {
        var topics = Topics;
        await GatewayAsync(g => g.Errors = new Dictionary<(string, ulong), string> { [(topics.MelWindowsTopic, 3)] = "pipeline 'embedding' stage failed: out of memory" });
        var app = await AppAsync("app");

        var error = await Assert.ThrowsAsync<WakeWordPipelineException>(async () => await CollectAsync(app.DetectAsync(await HeyJarvisAsync())));

        Assert.Equal($"'{topics.EmbeddingTopic}' answered request 3 with an error: pipeline 'embedding' stage failed: out of memory", error.Message);
    }

    [Fact]
    public async Task Without_answers_detection_gives_up_after_the_result_timeout_naming_the_request()
    {
        var time = new TimerAwareFakeTimeProvider();
        var options = new SmartHomeAppOptions
        {
            AudioTopic = Topics.AudioTopic,
            MelTopic = Topics.MelTopic,
            MelWindowsTopic = Topics.MelWindowsTopic,
            EmbeddingTopic = Topics.EmbeddingTopic,
            EmbeddingWindowsTopic = Topics.EmbeddingWindowsTopic,
            WakeWordTopic = Topics.WakeWordTopic,
            ResultTimeout = TimeSpan.FromSeconds(30),
            TimeProvider = time,
        };
        var app = await AppAsync("app", options);

        var detection = CollectAsync(app.DetectAsync(new float[5 * 1280]));
        await time.WaitForTimerAsync(d => d == options.ResultTimeout).WaitAsync(Safety);
        time.Advance(options.ResultTimeout);
        var error = await Assert.ThrowsAsync<TimeoutException>(() => detection);

        Assert.Equal($"No answer to request 1 on '{Topics.MelTopic}' within 30 s (answers are matched by MQTT 5.0 correlation data).", error.Message);
    }

    [Fact]
    public async Task A_second_detection_while_one_runs_is_refused()
    {
        var app = await AppAsync("app");
        using var stop = new CancellationTokenSource();
        var running = CollectAsync(app.DetectAsync(new float[1280], stop.Token)); // no gateway: waits for its answer

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CollectAsync(app.DetectAsync(new float[1280])));

        Assert.Equal("DetectAsync is already running; the topics carry one stream at a time per app.", error.Message);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
    }

    [Theory]
    [InlineData("a/#", "b", "AudioTopic 'a/#': ")]
    [InlineData("a", "", "MelTopic '': ")]
    [InlineData("a", "a", "The six topics must differ: AudioTopic='a', MelTopic='a', ")]
    public void Options_with_an_invalid_or_repeated_topic_are_refused(string audio, string mel, string message)
    {
        var options = new SmartHomeAppOptions
        {
            AudioTopic = audio,
            MelTopic = mel,
            MelWindowsTopic = "c",
            EmbeddingTopic = "d",
            EmbeddingWindowsTopic = "e",
            WakeWordTopic = "f",
        };

        Assert.StartsWith(message, Assert.Throws<ArgumentException>(options.Validate).Message, StringComparison.Ordinal);
    }
}
