using System.Text.Json;
using System.Text.Json.Nodes;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Pipelines;
using Vedliot.Pipelines.Apps;
using Vedliot.Testing;
using Vedliot.UseCases.SmartHome.HomeAssistant;
using Vedliot.UseCases.SmartHome.Tests.HomeAssistant;

namespace Vedliot.UseCases.SmartHome.Tests;

/// <summary>
/// <see cref="SmartHomeDemo"/> run as <c>vedliot demo</c> runs it, over a real mosquitto, with <see cref="FakePipelines"/>
/// running the real models in place of the deployed pipelines, on WAV files sox made from espeak-ng's speech.
/// </summary>
public sealed class SmartHomeDemoRunTests(MosquittoBroker broker, WakeWordModels models) : IClassFixture<MosquittoBroker>, IClassFixture<WakeWordModels>, IAsyncLifetime
{
    private static readonly TimeSpan Safety = TimeSpan.FromMinutes(3);
    private readonly string _prefix = "smart-home-demo-" + Guid.NewGuid().ToString("N")[..8];
    private readonly TempDirectory _folder = new();
    private MqttClient? _app;
    private FakePipelines? _pipelines;
    private readonly List<MqttClient> _others = [];

    private Dictionary<string, PipelineEndpoint> Endpoints => new()
    {
        ["melspectrogram"] = new PipelineEndpoint("melspectrogram", $"{_prefix}/audio", $"{_prefix}/mel", _prefix),
        ["embedding"] = new PipelineEndpoint("embedding", $"{_prefix}/mel-windows", $"{_prefix}/embedding", _prefix),
        ["hey-jarvis"] = new PipelineEndpoint("hey-jarvis", $"{_prefix}/embedding-windows", $"{_prefix}/wakeword", _prefix),
    };

    public async Task InitializeAsync()
    {
        var pipelinesClient = new MqttClient(broker.Options($"{_prefix}-pipelines"));
        await pipelinesClient.ConnectAsync();
        var endpoints = Endpoints;
        _pipelines = new FakePipelines(pipelinesClient, models, new SmartHomeAppOptions { Melspectrogram = endpoints["melspectrogram"], Embedding = endpoints["embedding"], WakeWord = endpoints["hey-jarvis"] });
        await _pipelines.StartAsync();
        _app = new MqttClient(broker.Options($"{_prefix}-app"));
        await _app.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var other in _others)
        {
            await other.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        if (_pipelines is not null)
        {
            await _pipelines.DisposeAsync();
        }

        _folder.Dispose();
    }

    private Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    private async Task<(int ExitCode, string Output)> RunAsync(Func<UseCaseAppContext, UseCaseAppContext>? asTheDemoRunsIt, params string[] arguments)
    {
        var output = new StringWriter();
        var context = new UseCaseAppContext(_app!, Endpoints, _folder.Path, arguments, output, TimeProvider.System);
        context = asTheDemoRunsIt?.Invoke(context) ?? context;
        using var safety = new CancellationTokenSource(Safety);
        var exitCode = await new SmartHomeDemo().RunAsync(context, safety.Token);
        return (exitCode, output.ToString());
    }

    /// <summary>espeak-ng's <paramref name="phrase"/> written by sox as <paramref name="name"/> in another rate and sample format.</summary>
    private async Task<string> SpokenWavAsync(string phrase, string name, params string[] format)
    {
        var speech = await SpeechSample.SynthesizeAsync(phrase);
        var source = _folder.File($"{name}.16k.raw.wav");
        await File.WriteAllBytesAsync(source, SpeechSampleTests.Wav([.. speech.Samples.ToArray().Select(s => (short)s)], sampleRateHz: 16_000));
        var target = _folder.File(name);
        await WakeWordTestSet.SoxAsync([source, .. format, target]);
        File.Delete(source);
        return target;
    }

    private async Task<float> InProcessHighestAsync(string file)
    {
        var audio = (await WavFiles.LoadAsync(file)).Samples.ToArray();
        return models.Scores([.. audio, .. new float[(1280 - (audio.Length % 1280)) % 1280]]).Max(s => s.Score);
    }

    [Fact]
    public async Task Wav_of_a_folder_with_json_reports_per_file_its_highest_score_when_and_the_detections()
    {
        var heyJarvis = await SpokenWavAsync("hey jarvis", "a-hey-jarvis.wav", "-r", "44100", "-c", "2", "-b", "24");
        var goodMorning = await SpokenWavAsync("good morning", "b-good-morning.wav", "-r", "8000", "-e", "unsigned-integer", "-b", "8");

        var (exitCode, output) = await RunAsync("--wav", _folder.Path, "--json");

        Assert.Equal(0, exitCode);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(0.5, json.RootElement.GetProperty("threshold").GetDouble(), 6);
        var files = json.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal([heyJarvis, goodMorning], files.Select(f => f.GetProperty("file").GetString()));

        var heard = files[0];
        Assert.True(heard.GetProperty("heard").GetBoolean());
        Assert.Equal(await InProcessHighestAsync(heyJarvis), heard.GetProperty("highestScore").GetSingle(), 1e-6f);
        Assert.InRange(heard.GetProperty("highestAtSeconds").GetDouble(), 2.0, 3.5);
        var detection = Assert.Single(heard.GetProperty("detections").EnumerateArray());
        Assert.True(detection.GetProperty("score").GetSingle() >= 0.5f);
        Assert.True(detection.GetProperty("atSeconds").GetDouble() <= heard.GetProperty("highestAtSeconds").GetDouble());

        var quiet = files[1];
        Assert.False(quiet.GetProperty("heard").GetBoolean());
        Assert.Empty(quiet.GetProperty("detections").EnumerateArray());
        Assert.Equal(await InProcessHighestAsync(goodMorning), quiet.GetProperty("highestScore").GetSingle(), 1e-6f);
        Assert.True(quiet.GetProperty("highestScore").GetSingle() < 0.05f);
    }

    [Fact]
    public async Task Wav_of_one_file_prints_its_highest_score_and_that_the_wake_word_was_heard()
    {
        var file = await SpokenWavAsync("hey jarvis", "hey-jarvis.wav", "-r", "22050");

        var (exitCode, output) = await RunAsync("--wav", file);

        Assert.Equal(0, exitCode);
        Assert.Matches($@"smart-home app: {System.Text.RegularExpressions.Regex.Escape(file)}: \d+ scores; highest 0\.9\d\d at \d\.\d\d s; wake word heard 1 time\(s\), at ", output);
    }

    [Fact]
    public async Task Mic_on_a_machine_without_a_sound_card_fails_naming_arecord_s_error_without_hanging()
    {
        var error = await Assert.ThrowsAsync<UseCaseAppException>(() => RunAsync("--mic"));

        Assert.StartsWith("'arecord -D default' stopped (exit code 1): arecord: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_file_in_the_folder_stops_the_run_before_anything_is_sent_naming_it()
    {
        await SpokenWavAsync("hey jarvis", "good.wav");
        var bad = _folder.File("bad.wav");
        var bytes = SpeechSampleTests.Wav(new short[100], sampleRateHz: 16_000);
        await File.WriteAllBytesAsync(bad, bytes[..^50]);

        var error = await Assert.ThrowsAsync<UseCaseAppException>(() => RunAsync("--wav", _folder.Path));

        Assert.Equal($"--wav {bad}: the 'data' chunk declares 200 bytes but only 150 follow (truncated).", error.Message);
    }

    [Fact]
    public async Task Run_by_the_demo_the_app_shows_itself_to_home_assistant_while_it_runs_and_removes_itself_at_the_end()
    {
        await SpokenWavAsync("hey jarvis", "hey-jarvis.wav");
        var (_, recorder) = await HomeAssistantAsync();
        var availability = $"{_prefix}/app/availability";

        var (exitCode, output) = await RunAsync(c => c with { AvailabilityTopic = availability, Nodes = ["n1"] }, "--wav", _folder.Path);

        Assert.Equal(0, exitCode);
        Assert.Contains("smart-home app: announced 5 Home Assistant entities under homeassistant/ (removed when the app ends)", output, StringComparison.Ordinal);
        var configs = HomeAssistantDiscovery.Configs(new HomeAssistantOptions { StateTopicPrefix = $"{_prefix}/app/home-assistant", AvailabilityTopic = availability, Nodes = ["n1"] });
        foreach (var config in configs)
        {
            var (announced, at) = await recorder.WaitForAsync(config.Topic, m => !m.Payload.IsEmpty);
            Assert.Empty(HomeAssistantDiscoveryRules.Violations(config with { Payload = JsonNode.Parse(announced.Payload.Span)!.AsObject() }));
            await recorder.WaitForAsync(config.Topic, m => m.Payload.IsEmpty, from: at + 1);
        }

        // The detection reached the binary sensor and the event entity.
        await recorder.WaitForAsync($"{_prefix}/app/home-assistant/heard", m => m.Payload.Span.SequenceEqual("ON"u8));
        var (detection, _) = await recorder.WaitForAsync($"{_prefix}/app/home-assistant/detection");
        using var json = JsonDocument.Parse(detection.Payload);
        Assert.Equal("detected", json.RootElement.GetProperty("event_type").GetString());
        Assert.EndsWith("hey-jarvis.wav", json.RootElement.GetProperty("source").GetString(), StringComparison.Ordinal);
    }

    private async Task<(MqttClient Client, MessageRecorder Recorder)> HomeAssistantAsync()
    {
        var client = new MqttClient(broker.Options($"{_prefix}-home-assistant"));
        _others.Add(client);
        var recorder = new MessageRecorder(client, Safety);
        await client.ConnectAsync();
        await client.SubscribeAsync("homeassistant/#", MqttQualityOfService.AtLeastOnce);
        await client.SubscribeAsync($"{_prefix}/app/home-assistant/#", MqttQualityOfService.AtLeastOnce);
        return (client, recorder);
    }
}
