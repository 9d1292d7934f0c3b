using Vedliot.Runtime.Placement;

namespace Vedliot.Runtime.Profiling;

/// <summary>
/// The profile of a model on a set of modules: the model is cut at candidate cuts into a chain of
/// blocks, and each block is measured (or modelled) on each module. The placement solver reads it.
/// </summary>
/// <param name="ModelSha256">Digest of the model file's graph.</param>
/// <param name="ModelName">The model's file name.</param>
/// <param name="OperationCount">Operations in the model.</param>
/// <param name="CandidateCuts">The cut positions between blocks, ascending.</param>
/// <param name="CrossingBytes">Bytes crossing each candidate cut, in the same order.</param>
/// <param name="Entries">One entry per block and module.</param>
/// <param name="BackendVersion">The ONNX Runtime version that ran the blocks.</param>
public sealed record ProfileTable(
    string ModelSha256,
    string ModelName,
    int OperationCount,
    IReadOnlyList<int> CandidateCuts,
    IReadOnlyList<long> CrossingBytes,
    IReadOnlyList<BlockProfile> Entries,
    string BackendVersion)
{
    /// <summary>Each module's fixed cost per stage; a module missing here has none.</summary>
    public IReadOnlyList<StageOverheadProfile> StageOverheads { get; init; } = [];

    /// <summary>What encoding and decoding the tensors crossing a cut costs, measured on the profiling host.</summary>
    public TensorCodecCost Codec { get; init; } = TensorCodecCost.None;

    /// <summary>The fixed cost per stage of <paramref name="moduleId"/>.</summary>
    public StageOverhead OverheadOf(string moduleId) => StageOverheads.FirstOrDefault(o => o.ModuleId == moduleId)?.Overhead ?? StageOverhead.None;

    /// <summary>Number of blocks.</summary>
    public int BlockCount => CandidateCuts.Count + 1;

    /// <summary>First operation of block <paramref name="block"/>.</summary>
    public int FirstOperation(int block) => block == 0 ? 0 : CandidateCuts[block - 1];

    /// <summary>One past the last operation of block <paramref name="block"/>.</summary>
    public int EndOperation(int block) => block == CandidateCuts.Count ? OperationCount : CandidateCuts[block];

    /// <summary>The entry for <paramref name="block"/> on <paramref name="moduleId"/>.</summary>
    public BlockProfile Entry(int block, string moduleId) => Entries.First(e => e.Block == block && e.ModuleId == moduleId);
}
