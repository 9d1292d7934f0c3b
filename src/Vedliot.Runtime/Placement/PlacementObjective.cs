namespace Vedliot.Runtime.Placement;

/// <summary>What a placement optimizes.</summary>
public enum PlacementObjective
{
    /// <summary>Lowest end-to-end latency of one inference: stage latencies plus the handovers between stages.</summary>
    Latency,

    /// <summary>Lowest energy of one inference: the stages' energies plus the handovers' (codec work at both ends, the link).</summary>
    Energy,

    /// <summary>Lowest energy-delay product: end-to-end latency in seconds times energy in joules.</summary>
    EnergyDelayProduct,

    /// <summary>
    /// Highest pipelined throughput: the reciprocal of the bottleneck, the slowest stage or transfer;
    /// among placements with the same bottleneck, the lowest end-to-end latency.
    /// </summary>
    Throughput,
}
