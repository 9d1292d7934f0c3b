using Vedliot.Fuzzing.Targets;

namespace Vedliot.Fuzzing;

/// <summary>Every fuzz target, by name.</summary>
public static class FuzzTargets
{
    /// <summary>All targets, in a fixed order.</summary>
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        MessagingTargets.Mqtt,
        MessagingTargets.TensorFrame,
        MessagingTargets.TensorBundle,
        MessagingTargets.ErrorReplyRead,
        AttestationTargets.TpmResponse,
        AttestationTargets.MeasurementLogRead,
        RuntimeTargets.DeployManifest,
        RuntimeTargets.PlatformDescriptorRead,
        RuntimeTargets.PipelineNotice,
    ];

    /// <summary>The target named <paramref name="name"/>.</summary>
    /// <param name="name">e.g. <c>mqtt</c>.</param>
    /// <returns>The target.</returns>
    /// <exception cref="ArgumentException">No target has that name; the message lists the names.</exception>
    public static FuzzTarget Get(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"No fuzz target '{name}'; the targets are: {string.Join(", ", All.Select(t => t.Name))}.", nameof(name));
}
