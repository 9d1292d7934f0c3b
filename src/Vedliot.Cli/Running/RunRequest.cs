using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Partitioning;

namespace Vedliot.Cli.Running;

/// <summary>What <c>vedliot run</c> was asked to do.</summary>
internal sealed record RunRequest
{
    public required string ModelPath { get; init; }

    public int Partitions { get; init; } = 2;

    public CutRule Rule { get; init; } = CutRule.BalancedOperations;

    public IReadOnlyList<int> Cuts { get; init; } = [];

    public IReadOnlyList<string> CutTensors { get; init; } = [];

    /// <summary>Input files by input name; a null name means "the next input in declared order".</summary>
    public IReadOnlyList<(string? Name, string Path)> Inputs { get; init; } = [];

    public IReadOnlyDictionary<string, long> Dimensions { get; init; } = new Dictionary<string, long>();

    public int Seed { get; init; } = 42;

    public int Repeat { get; init; } = 5;

    public double RelativeTolerance { get; init; } = 1e-3;

    public double AbsoluteTolerance { get; init; } = 1e-5;

    public string? SavePartitionsTo { get; init; }

    public OnnxRuntimeOptions Runtime { get; init; } = new();
}
