namespace Vedliot.UseCases.Industrial.Sparkplug;

/// <summary>The Sparkplug B message types an edge node sends or receives (§6.2), spelled as in topics.</summary>
internal enum SparkplugMessageType
{
    /// <summary>Node birth: seq 0, the bdSeq of the session, every node metric.</summary>
    NBIRTH,

    /// <summary>Node death: the session's MQTT will, carrying its bdSeq and no seq.</summary>
    NDEATH,

    /// <summary>A command to the node (e.g. <c>Node Control/Rebirth</c>).</summary>
    NCMD,

    /// <summary>Device birth: every metric of the device, with names, aliases and data types.</summary>
    DBIRTH,

    /// <summary>Device data: changed metrics by alias.</summary>
    DDATA,

    /// <summary>Device death.</summary>
    DDEATH,
}
