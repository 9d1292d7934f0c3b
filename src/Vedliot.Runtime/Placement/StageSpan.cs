namespace Vedliot.Runtime.Placement;

/// <summary>A stage as the search handles it: blocks [<paramref name="FirstBlock"/>, <paramref name="EndBlock"/>) on a module index.</summary>
internal readonly record struct StageSpan(int FirstBlock, int EndBlock, int Module);
