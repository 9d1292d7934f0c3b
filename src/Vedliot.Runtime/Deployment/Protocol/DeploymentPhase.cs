using System.Text.Json.Serialization;

namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>What the orchestrator is doing with a deployment.</summary>
public enum DeploymentPhase
{
    /// <summary>Reading the manifest's models and subscribing.</summary>
    [JsonStringEnumMemberName("starting")]
    Starting,

    /// <summary>Waiting for the nodes to announce themselves.</summary>
    [JsonStringEnumMemberName("discovering")]
    Discovering,

    /// <summary>Enrolling and attesting the nodes that came.</summary>
    [JsonStringEnumMemberName("attesting")]
    Attesting,

    /// <summary>Profiling, placing and loading the pipelines' stages.</summary>
    [JsonStringEnumMemberName("placing")]
    Placing,

    /// <summary>Every pipeline runs; nodes are re-attested and lost stages re-placed.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>Taken down: stages released, notices cleared.</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,
}
