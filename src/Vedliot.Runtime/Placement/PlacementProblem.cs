using Vedliot.Runtime.Platform;

namespace Vedliot.Runtime.Placement;

/// <summary>
/// A chain of blocks to place on modules as a pipeline of stages. A stage is a run of consecutive blocks
/// on one module; the solver cuts only at block boundaries (the candidate cuts).
/// </summary>
/// <remarks>
/// <para>
/// Cost model. A stage's latency and energy are its module's fixed cost per stage
/// (<see cref="PlacementModule.Overhead"/>: the runtime call, counted once however many blocks the stage
/// holds) plus the sums of its blocks' own costs. The sum is an approximation: running blocks together in
/// one session can fuse operators across block boundaries and share buffers. Memory counts the weights
/// each block needs; activations are not added up because a stage holds only the ones in flight, which
/// are small next to the weights of the models this platform runs.
/// </para>
/// <para>
/// Between consecutive stages on different modules the crossing tensors are handed over: the sending module
/// encodes them (<see cref="Codec"/>), the link joining the two modules moves them (its latency plus bytes
/// over bandwidth, <see cref="Link.TransferMs"/>; its energy per byte and busy power,
/// <see cref="Link.TransferEnergyJoules"/>), and the receiving module decodes them. The codec work costs
/// each end its <see cref="PlacementModule.BusyWatts"/>. With no link the two modules cannot be
/// neighbouring stages.
/// </para>
/// <para>
/// A module hosts at most one stage: a pipeline over distinct microservers, so that every stage
/// runs concurrently with the others and a module's memory holds one stage's weights. A class of identical
/// modules (<see cref="PlacementModule.Members"/>) hosts at most one stage per member.
/// </para>
/// </remarks>
public sealed class PlacementProblem
{
    /// <summary>
    /// Most modules or classes of identical modules that may host a stage (allowed, and attested when all stages
    /// must be) the solver takes: it keeps the handover time and energy at every boundary for every pair of them,
    /// so that table grows as classes² × blocks. Identical modules form one class, however many there are.
    /// </summary>
    public const int MaxUsableClasses = 64;

    /// <summary>Creates a problem and checks that its parts agree.</summary>
    /// <param name="modules">The modules, in the order of every block's <see cref="PlacementBlock.CostByModule"/>.</param>
    /// <param name="blocks">The blocks in model order; at least one.</param>
    /// <param name="boundaryCrossingBytes">Bytes crossing the cut between block b and block b + 1, for b = 0 .. blocks - 2.</param>
    /// <param name="links">Links between the modules, by module id; links to modules outside the problem (say, a platform's unprofiled modules) are left out.</param>
    /// <param name="constraints">Attestation, stage limit and pins.</param>
    /// <param name="codec">What encoding and decoding the crossing tensors costs; null for nothing (tensors handed over in memory).</param>
    /// <exception cref="ArgumentException">The parts do not agree (counts, ids, negative or non-finite figures).</exception>
    public PlacementProblem(
        IEnumerable<PlacementModule> modules,
        IEnumerable<PlacementBlock> blocks,
        IEnumerable<long> boundaryCrossingBytes,
        IEnumerable<Link> links,
        PlacementConstraints constraints,
        TensorCodecCost? codec = null)
    {
        Codec = codec ?? TensorCodecCost.None;
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

    /// <summary>What encoding and decoding the tensors crossing a cut costs.</summary>
    public TensorCodecCost Codec { get; }

    /// <summary>Position in <see cref="Modules"/> of each module id, and of each member id of a class.</summary>
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

        for (var m = 0; m < modules.Count; m++)
        {
            if (modules[m].Members.Count == 0)
            {
                throw new ArgumentException($"module {modules[m].Id} has no members");
            }

            foreach (var member in modules[m].Members.Where(member => member != modules[m].Id))
            {
                if (!index.TryAdd(member, m))
                {
                    throw new ArgumentException($"member id '{member}' of {modules[m].Id} is also the id of another module or member");
                }
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
            if (!(link.BandwidthBytesPerSecond > 0) || !(link.LatencyMs >= 0) || !IsCost(link.EnergyJoulesPerByte) || !IsCost(link.BusyWatts))
            {
                throw new ArgumentException($"link {link.From} - {link.To} has a non-positive bandwidth, or a negative or non-finite latency or energy");
            }
        }

        foreach (var module in Modules)
        {

            if (!IsCost(module.Overhead.LatencyMs) || !IsCost(module.Overhead.EnergyJoules) || !IsCost(module.BusyWatts))
            {
                throw new ArgumentException($"module {module.Id} has a negative or non-finite fixed cost or busy power");
            }
        }

        if (!Codec.IsValid)
        {
            throw new ArgumentException("the tensor codec cost has a negative or non-finite figure");
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

    private static bool IsCost(double value) => value >= 0 && double.IsFinite(value);

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
