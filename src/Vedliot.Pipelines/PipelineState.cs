using System.Text.Json.Serialization;

namespace Vedliot.Pipelines;

/// <summary>Where a deployed pipeline stands, as its placement notice and the deployment status say.</summary>
public enum PipelineState
{
    /// <summary>Being placed (first placement, or re-placement after a node was lost); requests wait or are sent again once it runs.</summary>
    [JsonStringEnumMemberName("placing")]
    Placing,

    /// <summary>Every stage of the notice's generation is loaded on an attested node and takes requests.</summary>
    [JsonStringEnumMemberName("running")]
    Running,

    /// <summary>No placement could be made; the notice's reason says why. The orchestrator tries again when a node is admitted.</summary>
    [JsonStringEnumMemberName("stalled")]
    Stalled,

    /// <summary>The deployment was taken down; no answer will come.</summary>
    [JsonStringEnumMemberName("stopped")]
    Stopped,
}
