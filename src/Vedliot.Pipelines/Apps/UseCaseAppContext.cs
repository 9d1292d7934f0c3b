using Vedliot.Messaging.Client;

namespace Vedliot.Pipelines.Apps;

/// <summary>What a use-case app is given to run: its broker connection, the manifest's pipelines and its arguments.</summary>
/// <param name="Mqtt">A connected MQTT 5.0 client of the app's own broker user; owned by the caller.</param>
/// <param name="Pipelines">The manifest's pipelines, by name.</param>
/// <param name="UseCaseDirectory">The use case's folder (manifest, README and the app's files).</param>
/// <param name="Arguments">The app's own arguments, already checked by <see cref="IUseCaseApp.CheckArguments"/>.</param>
/// <param name="Out">Where the app reports; lines, not partial writes, so they interleave cleanly with the platform's.</param>
/// <param name="Time">The clock to pace and time by.</param>
public sealed record UseCaseAppContext(
    MqttClient Mqtt,
    IReadOnlyDictionary<string, PipelineEndpoint> Pipelines,
    string UseCaseDirectory,
    IReadOnlyList<string> Arguments,
    TextWriter Out,
    TimeProvider Time)
{
    /// <summary>
    /// The app's availability topic (<see cref="AppAvailability"/>): the demo made <see cref="AppAvailability.Offline"/>
    /// its will there and published <see cref="AppAvailability.Online"/>; null when whoever runs the app did not.
    /// </summary>
    public string? AvailabilityTopic { get; init; }

    /// <summary>The node agents the deployment runs on (their ids), for an app that shows them (e.g. in Home Assistant); empty when unknown.</summary>
    public IReadOnlyList<string> Nodes { get; init; } = [];
    /// <summary>The pipeline named <paramref name="name"/>.</summary>
    /// <param name="name">A pipeline of the manifest.</param>
    /// <returns>Its endpoint.</returns>
    /// <exception cref="UseCaseAppException">The manifest has no such pipeline (the message lists those it has).</exception>
    public PipelineEndpoint Pipeline(string name) =>
        Pipelines.TryGetValue(name, out var endpoint)
            ? endpoint
            : throw new UseCaseAppException($"the app needs a pipeline named '{name}'; the manifest has {string.Join(", ", Pipelines.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))}");
}
