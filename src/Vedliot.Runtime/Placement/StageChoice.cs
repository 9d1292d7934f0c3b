namespace Vedliot.Runtime.Placement;

/// <summary>A stage someone chose, to be predicted: blocks [<paramref name="FirstBlock"/>, <paramref name="EndBlock"/>) on a module.</summary>
/// <param name="FirstBlock">Index of its first block.</param>
/// <param name="EndBlock">Index just past its last block.</param>
/// <param name="ModuleId">The module that runs it.</param>
public readonly record struct StageChoice(int FirstBlock, int EndBlock, string ModuleId);
