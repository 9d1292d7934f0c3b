namespace Vedliot.Runtime.Placement;

/// <summary>
/// The figures the search reads in its inner loops, precomputed from a <see cref="PlacementProblem"/>:
/// prefix sums per module, each module's fixed cost per stage, the earliest block a stage ending at each
/// boundary may start at, and the handover time and energy at each boundary between every pair of modules.
/// </summary>
internal sealed class ChainModel
{
    public ChainModel(PlacementProblem problem)
    {
        Problem = problem;
        BlockCount = problem.Blocks.Count;
        ModuleCount = problem.Modules.Count;
        UsableModules = Enumerable.Range(0, ModuleCount)
            .Where(m => problem.Modules[m].IsAllowed && (problem.Modules[m].IsAttested || problem.Constraints.Attestation != AttestationRequirement.AllStages))
            .ToArray();
        if (UsableModules.Length > PlacementProblem.MaxUsableClasses)
        {
            throw ExactSolverCapacity.TooMany("placement", [.. UsableModules.Select(m => problem.Modules[m].Id)]);
        }

        MostStages = (int)Math.Min(UsableModules.Sum(m => (long)problem.Modules[m].Count), BlockCount);

        FixedMs = problem.Modules.Select(m => m.Overhead.LatencyMs).ToArray();
        FixedJoules = problem.Modules.Select(m => m.Overhead.EnergyJoules).ToArray();
        LatencyPrefix = new double[ModuleCount][];
        EnergyPrefix = new double[ModuleCount][];
        MemoryPrefix = new long[ModuleCount][];
        EarliestStart = new int[ModuleCount][];
        for (var m = 0; m < ModuleCount; m++)
        {
            BuildPrefixes(m);
        }

        CutMs = new double[BlockCount * ModuleCount * ModuleCount];
        CutJoules = new double[CutMs.Length];
        for (var a = 0; a < ModuleCount; a++)
        {
            for (var b = 0; b < ModuleCount; b++)
            {
                var link = problem.LinkBetween(a, b);
                for (var boundary = 1; boundary < BlockCount; boundary++)
                {
                    (CutMs[CutIndex(boundary, a, b)], CutJoules[CutIndex(boundary, a, b)]) = CutCost.Of(problem, boundary, a, b, link);
                }
            }
        }
    }

    public PlacementProblem Problem { get; }

    public int BlockCount { get; }

    public int ModuleCount { get; }

    /// <summary>Modules (classes) that may host some stage: allowed, and attested when every stage must be.</summary>
    public int[] UsableModules { get; }

    /// <summary>The most stages a placement can have: one per member of the usable modules, at most one per block.</summary>
    public int MostStages { get; }

    /// <summary>[module][j]: latency of blocks 0 .. j - 1 on the module.</summary>
    public double[][] LatencyPrefix { get; }

    /// <summary>[module][j]: energy of blocks 0 .. j - 1 on the module.</summary>
    public double[][] EnergyPrefix { get; }

    /// <summary>[module][j]: memory of blocks 0 .. j - 1 on the module.</summary>
    public long[][] MemoryPrefix { get; }

    /// <summary>
    /// [module][j] for j = 1 .. blocks: the first block of the longest stage ending before block j that the
    /// module can run (operators, memory, pins); j when it cannot run block j - 1 at all. Non-decreasing in j.
    /// </summary>
    public int[][] EarliestStart { get; }

    /// <summary>[module]: the fixed time of a stage on the module, once per stage.</summary>
    public double[] FixedMs { get; }

    /// <summary>[module]: the fixed energy of a stage on the module, once per stage.</summary>
    public double[] FixedJoules { get; }

    /// <summary>
    /// Time of the handover (encode, transfer, decode) at each boundary between each pair of modules; infinite
    /// where <see cref="CutCost.IsAllowed"/> forbids it. Index with <see cref="CutIndex"/>: boundaries of one pair lie next to each other.
    /// </summary>
    public double[] CutMs { get; }

    /// <summary>Energy of the handover at each boundary between each pair of modules (both ends' codec work and the link); same index as <see cref="CutMs"/>.</summary>
    public double[] CutJoules { get; }

    /// <summary>Where the handover at <paramref name="boundary"/> (1 .. blocks - 1) from module <paramref name="from"/> to <paramref name="to"/> is kept.</summary>
    public int CutIndex(int boundary, int from, int to) => ((from * ModuleCount) + to) * BlockCount + boundary;

    /// <summary>Time of a stage of blocks [<paramref name="first"/>, <paramref name="end"/>) on <paramref name="module"/>: its fixed cost once, its blocks each.</summary>
    public double StageMs(int module, int first, int end) => FixedMs[module] + LatencyPrefix[module][end] - LatencyPrefix[module][first];

    /// <summary>Energy of a stage of blocks [<paramref name="first"/>, <paramref name="end"/>) on <paramref name="module"/>.</summary>
    public double StageJoules(int module, int first, int end) => FixedJoules[module] + EnergyPrefix[module][end] - EnergyPrefix[module][first];

    /// <summary>True when module <paramref name="module"/> may run the first stage (attestation, and the exposure of the input itself).</summary>
    public bool MayRunFirstStage(int module) =>
        Problem.MeetsAttestation(module, 0) && !(Problem.Constraints.Exposure is { } e && e.InputExposure > e.MaxExposure && !Problem.Modules[module].IsAttested);

    /// <summary>End-to-end latency and energy of <paramref name="stages"/>, from the same figures the search uses.</summary>
    public (double LatencyMs, double EnergyJoules) Totals(IReadOnlyList<StageSpan> stages)
    {
        double latency = 0, energy = 0;
        for (var s = 0; s < stages.Count; s++)
        {
            var (first, end, module) = stages[s];
            latency += StageMs(module, first, end);
            energy += StageJoules(module, first, end);
            if (s > 0)
            {
                var cut = CutIndex(first, stages[s - 1].Module, module);
                latency += CutMs[cut];
                energy += CutJoules[cut];
            }
        }

        return (latency, energy);
    }

    /// <summary>The slowest stage or handover of <paramref name="stages"/>, from the same figures the search uses.</summary>
    public double BottleneckMs(IReadOnlyList<StageSpan> stages)
    {
        double bottleneck = 0;
        for (var s = 0; s < stages.Count; s++)
        {
            var (first, end, module) = stages[s];
            bottleneck = Math.Max(bottleneck, StageMs(module, first, end));
            if (s > 0)
            {
                bottleneck = Math.Max(bottleneck, CutMs[CutIndex(first, stages[s - 1].Module, module)]);
            }
        }

        return bottleneck;
    }

    private void BuildPrefixes(int m)
    {
        var latency = LatencyPrefix[m] = new double[BlockCount + 1];
        var energy = EnergyPrefix[m] = new double[BlockCount + 1];
        var memory = MemoryPrefix[m] = new long[BlockCount + 1];
        var earliest = EarliestStart[m] = new int[BlockCount + 1];
        var capacity = Problem.Modules[m].MemoryCapacityBytes;
        var moduleId = Problem.Modules[m].Id;
        var blocked = -1;
        var memoryStart = 0;
        for (var b = 0; b < BlockCount; b++)
        {
            var cost = Problem.Blocks[b].CostByModule[m];
            latency[b + 1] = latency[b] + cost.LatencyMs;
            energy[b + 1] = energy[b] + cost.EnergyJoules;
            memory[b + 1] = memory[b] + cost.MemoryBytes;
            var pinnedElsewhere = Problem.Constraints.PinnedBlocks.TryGetValue(b, out var pinned) && pinned != moduleId;
            if (!cost.IsSupported || pinnedElsewhere)
            {
                blocked = b;
            }

            // Memory only grows as a stage takes more blocks, so the first feasible start only moves right.
            while (memoryStart <= b && memory[b + 1] - memory[memoryStart] > capacity)
            {
                memoryStart++;
            }

            earliest[b + 1] = Math.Max(blocked + 1, memoryStart);
        }
    }
}
