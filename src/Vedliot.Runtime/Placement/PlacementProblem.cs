using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Placement;

/// <summary>
/// A chain of blocks to place on modules as a pipeline of stages. A stage is a run of consecutive blocks
/// on one module; the solver cuts only at block boundaries (the candidate cuts).
/// </summary>
/// <remarks>
/// <para>
/// Cost model. A stage's latency, energy and memory are the sums over its blocks. The sum is an
/// approximation: running blocks together in one session can fuse operators across block boundaries
/// and share buffers, so a measured stage may be a little faster or smaller than the sum of its blocks.
/// Memory counts the weights each block needs; activations are not added up because a stage holds
/// only the ones in flight, which are small next to the weights of the models this platform runs.
/// </para>
/// <para>
/// Between consecutive stages on different modules the crossing tensors move over the link joining the
/// two modules, costing the link's latency plus bytes over bandwidth (<see cref="Link.TransferMs"/>);
/// with no link the two modules cannot be neighbouring stages. Transfers cost time, not modelled energy.
/// </para>
/// <para>
/// A module hosts at most one stage: a pipeline over distinct microservers, so that every stage
/// runs concurrently with the others and a module's memory holds one stage's weights.
/// </para>
/// </remarks>
public sealed class PlacementProblem
{
    /// <summary>
    /// Most modules that may host a stage (allowed, and attested when all stages must be) the exact solver
    /// accepts: it tracks the set of modules used so far, so its memory grows as 2^modules × modules × blocks.
    /// </summary>
    public const int MaxUsableModules = 12;

    /// <summary>Creates a problem and checks that its parts agree.</summary>
    /// <param name="modules">The modules, in the order of every block's <see cref="PlacementBlock.CostByModule"/>.</param>
    /// <param name="blocks">The blocks in model order; at least one.</param>
    /// <param name="boundaryCrossingBytes">Bytes crossing the cut between block b and block b + 1, for b = 0 .. blocks - 2.</param>
    /// <param name="links">Links between the modules, by module id; links to modules outside the problem (say, a platform's unprofiled modules) are left out.</param>
    /// <param name="constraints">Attestation, stage limit and pins.</param>
    /// <exception cref="ArgumentException">The parts do not agree (counts, ids, negative or non-finite figures).</exception>
    public PlacementProblem(
        IEnumerable<PlacementModule> modules,
        IEnumerable<PlacementBlock> blocks,
        IEnumerable<long> boundaryCrossingBytes,
        IEnumerable<Link> links,
        PlacementConstraints constraints)
    {
        Modules = modules.ToList();
        ModuleIndex = IndexModules(Modules);
        Blocks = blocks.ToList();
        BoundaryCrossingBytes = boundaryCrossingBytes.ToList();
        Links = links.Where(l => ModuleIndex.ContainsKey(l.From) && ModuleIndex.ContainsKey(l.To)).ToList();
        Constraints = constraints ?? throw new ArgumentNullException(nameof(constraints));
        Validate();
    }

    /// <summary>The modules.</summary>
    public IReadOnlyList<PlacementModule> Modules { get; }

    /// <summary>The blocks in model order.</summary>
    public IReadOnlyList<PlacementBlock> Blocks { get; }

    /// <summary>Bytes crossing the cut between block b and block b + 1.</summary>
    public IReadOnlyList<long> BoundaryCrossingBytes { get; }

    /// <summary>Links between the problem's modules.</summary>
    public IReadOnlyList<Link> Links { get; }

    /// <summary>Attestation, stage limit and pins.</summary>
    public PlacementConstraints Constraints { get; }

    /// <summary>Position of each module id in <see cref="Modules"/>.</summary>
    public IReadOnlyDictionary<string, int> ModuleIndex { get; }

    /// <summary>The link joining modules <paramref name="a"/> and <paramref name="b"/> (by index), if any.</summary>
    public Link? LinkBetween(int a, int b) => Links.FirstOrDefault(l => l.Joins(Modules[a].Id, Modules[b].Id));

    /// <summary>True when module <paramref name="module"/> may host a stage that starts at block <paramref name="firstBlock"/> under the attestation requirement.</summary>
    public bool MeetsAttestation(int module, int firstBlock) =>
        Modules[module].IsAttested || Constraints.Attestation switch
        {
            AttestationRequirement.AllStages => false,
            AttestationRequirement.FirstStage => firstBlock > 0,
            _ => true,
        };

    private static Dictionary<string, int> IndexModules(IReadOnlyList<PlacementModule> modules)
    {
        if (modules.Count == 0)
        {
            throw new ArgumentException("a placement problem needs at least one module");
        }

        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var m = 0; m < modules.Count; m++)
        {
            if (!index.TryAdd(modules[m].Id, m))
            {
                throw new ArgumentException($"module id '{modules[m].Id}' appears twice");
            }
        }

        return index;
    }

    private void Validate()
    {
        if (Blocks.Count == 0)
        {
            throw new ArgumentException("a placement problem needs at least one block");
        }

        for (var b = 0; b < Blocks.Count; b++)
        {
            ValidateBlock(b);
        }

        if (BoundaryCrossingBytes.Count != Blocks.Count - 1 || BoundaryCrossingBytes.Any(bytes => bytes < 0))
        {
            throw new ArgumentException($"expected {Blocks.Count - 1} non-negative crossing sizes (one per boundary between blocks), got {BoundaryCrossingBytes.Count}");
        }

        foreach (var link in Links)
        {
            if (!(link.BandwidthBytesPerSecond > 0) || !(link.LatencyMs >= 0))
            {
                throw new ArgumentException($"link {link.From} - {link.To} has a non-positive bandwidth or a negative latency");
            }
        }

        foreach (var (block, moduleId) in Constraints.PinnedBlocks)
        {
            if (block < 0 || block >= Blocks.Count || !ModuleIndex.ContainsKey(moduleId))
            {
                throw new ArgumentException($"pin of block {block} to '{moduleId}' names an unknown block or module");
            }
        }

        if (Constraints.Exposure is { } exposure
            && (exposure.BoundaryExposure.Count != Blocks.Count - 1 || !new[] { exposure.MaxExposure, exposure.InputExposure }.Concat(exposure.BoundaryExposure).All(e => e is >= 0 and <= 1)))
        {
            throw new ArgumentException($"the exposure bound needs a bound, an input exposure and {Blocks.Count - 1} cut exposures, each in [0, 1]");
        }

        if (Constraints.MaxStages is < 1)
        {
            throw new ArgumentException("the maximum number of stages must be at least 1");
        }
    }

    private void ValidateBlock(int b)
    {
        var block = Blocks[b];
        if (block.CostByModule.Count != Modules.Count)
        {
            throw new ArgumentException($"block {b} has costs for {block.CostByModule.Count} modules; the problem has {Modules.Count}");
        }

        if (block.EndOperation <= block.FirstOperation || (b > 0 && Blocks[b - 1].EndOperation != block.FirstOperation))
        {
            throw new ArgumentException($"block {b} ({block.FirstOperation}..{block.EndOperation}) is empty or does not start where block {b - 1} ends");
        }

        foreach (var cost in block.CostByModule)
        {
            if (!(cost.LatencyMs >= 0) || !(cost.EnergyJoules >= 0) || double.IsInfinity(cost.LatencyMs) || double.IsInfinity(cost.EnergyJoules) || cost.MemoryBytes < 0)
            {
                throw new ArgumentException($"block {b} has a negative or non-finite cost");
            }
        }
    }
}
