using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Placement;

/// <summary>
/// The one place that says whether the stages on two modules may meet at a boundary, and what handing the
/// crossing tensors over costs there: the sender encodes them, the link moves them, the receiver decodes them.
/// </summary>
internal static class CutCost
{
    /// <summary>
    /// True when a stage on module <paramref name="from"/> may hand over to a stage on module <paramref name="to"/>
    /// at boundary <paramref name="boundary"/> (between blocks boundary - 1 and boundary): the two must be linked (two
    /// members of one class by the class's link to itself), or be one and the same module, which hands over in
    /// memory (only a hand-made placement does that; the solver puts one stage on a module).
    /// A handover over a link must also keep within the exposure bound, if any (<see cref="ExposureLimit.Forbids"/>);
    /// one in memory reveals nothing.
    /// <paramref name="link"/> is the link joining them (<see cref="PlacementProblem.LinkBetween"/>), looked up once per pair by the caller.
    /// </summary>
    public static bool IsAllowed(PlacementProblem problem, int boundary, int from, int to, Link? link) =>
        boundary > 0 && boundary < problem.Blocks.Count
        && (link is not null || (from == to && problem.Modules[from].Count == 1))
        && !(link is not null && problem.Constraints.Exposure?.Forbids(boundary, problem.Modules[from].IsAttested, problem.Modules[to].IsAttested, link) == true);

    /// <summary>Time (encode, transfer, decode) and energy (both modules' codec work, the link) of the handover; infinite when not allowed.</summary>
    public static (double Ms, double Joules) Of(PlacementProblem problem, int boundary, int from, int to, Link? link)
    {
        if (!IsAllowed(problem, boundary, from, to, link))
        {
            return (double.PositiveInfinity, double.PositiveInfinity);
        }

        var bytes = problem.BoundaryCrossingBytes[boundary - 1];
        var encodeMs = problem.Codec.EncodeMs(bytes);
        var decodeMs = problem.Codec.DecodeMs(bytes);
        var ms = encodeMs + (link?.TransferMs(bytes) ?? 0) + decodeMs;
        var joules = (problem.Modules[from].BusyWatts * encodeMs / 1000.0) + (link?.TransferEnergyJoules(bytes) ?? 0) + (problem.Modules[to].BusyWatts * decodeMs / 1000.0);
        return (ms, joules);
    }
}
