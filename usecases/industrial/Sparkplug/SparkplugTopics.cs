namespace Vedliot.UseCases.Industrial.Sparkplug;

/// <summary>
/// The Sparkplug B 3.0 topic namespace (§4.1): <c>spBv1.0/&lt;group_id&gt;/&lt;message_type&gt;/&lt;edge_node_id&gt;[/&lt;device_id&gt;]</c>,
/// and the primary host application's <c>spBv1.0/STATE/&lt;host_id&gt;</c> (§4.1.3).
/// </summary>
/// <param name="GroupId">The edge node's group.</param>
/// <param name="EdgeNodeId">The edge node.</param>
internal sealed record SparkplugTopics(string GroupId, string EdgeNodeId)
{
    /// <summary>The namespace element of every Sparkplug B topic.</summary>
    public const string Namespace = "spBv1.0";

    /// <summary>A node-level topic: NBIRTH, NDEATH, NDATA, NCMD.</summary>
    public string Node(SparkplugMessageType type) => $"{Namespace}/{GroupId}/{type}/{EdgeNodeId}";

    /// <summary>A device-level topic: DBIRTH, DDEATH, DDATA, DCMD.</summary>
    public string Device(SparkplugMessageType type, string deviceId) => $"{Node(type)}/{deviceId}";

    /// <summary>The primary host application's STATE topic.</summary>
    public static string State(string hostId) => $"{Namespace}/STATE/{hostId}";
}
