namespace Vedliot.Runtime.Platform;

/// <summary>A data path between two modules (both directions).</summary>
/// <param name="From">One module's id.</param>
/// <param name="To">The other module's id.</param>
/// <param name="Kind">The technology, e.g. <c>10GBASE-KR</c> or <c>PCIe Gen3 x4</c>.</param>
/// <param name="BandwidthBytesPerSecond">Usable bandwidth.</param>
/// <param name="LatencyMs">Latency of one transfer, independent of its size.</param>
/// <param name="EnergyJoulesPerByte">Energy the link's ends spend per byte moved (SerDes, PHY); 0 when not described.</param>
/// <param name="BusyWatts">Extra draw of the link's ends while a transfer is under way (DMA engines, NIC); 0 when not described.</param>
public sealed record Link(string From, string To, string Kind, double BandwidthBytesPerSecond, double LatencyMs, double EnergyJoulesPerByte = 0, double BusyWatts = 0)
{
    /// <summary>True when the link encrypts what it carries (descriptor field <c>encrypted</c>), so a tensor crossing it is seen only by its two ends. Default: false.</summary>
    public bool Encrypted { get; init; }

    /// <summary>Time to move <paramref name="bytes"/> over the link, in milliseconds.</summary>
    public double TransferMs(long bytes) => LatencyMs + (bytes / BandwidthBytesPerSecond * 1000.0);

    /// <summary>Energy to move <paramref name="bytes"/> over the link: per byte, plus the busy draw for the transfer's time.</summary>
    public double TransferEnergyJoules(long bytes) => (bytes * EnergyJoulesPerByte) + (BusyWatts * TransferMs(bytes) / 1000.0);

    /// <summary>True when the link joins <paramref name="a"/> and <paramref name="b"/> (in either direction).</summary>
    public bool Joins(string a, string b) => (From == a && To == b) || (From == b && To == a);
}
