using Vedliot.Accelerators.OnnxRuntime;
using Vedliot.Runtime.Exposure;
using Vedliot.Runtime.Profiling;

namespace Vedliot.Hosting.Profiling;

/// <summary>What a profile of a model on this machine is asked to do (<c>vedliot profile</c>, <c>vedliot place</c>, the orchestrator).</summary>
public sealed record ProfileRequest
{
    /// <summary>The ONNX model file. Required.</summary>
    public required string ModelPath { get; init; }

    /// <summary>A platform descriptor whose modules are profiled besides this machine's, or null. Default: null.</summary>
    public string? PlatformPath { get; init; }

    /// <summary>Input files by input name; a null name means "the next input in declared order". Default: none (generated).</summary>
    public IReadOnlyList<(string? Name, string Path)> Inputs { get; init; } = [];

    /// <summary>Sizes of symbolic input dimensions for generated inputs. Default: none.</summary>
    public IReadOnlyDictionary<string, long> Dimensions { get; init; } = new Dictionary<string, long>();

    /// <summary>Seed for generated inputs. Default: 42.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>ONNX Runtime options of the accelerators. Default: its defaults.</summary>
    public OnnxRuntimeOptions Runtime { get; init; } = new();

    /// <summary>How blocks are chosen and measured, and where profiles are cached. Default: its defaults.</summary>
    public ProfilerOptions Profiler { get; init; } = new();

    /// <summary>How to measure the exposure of the model's input at each candidate cut, or null (the default) not to measure it.</summary>
    public ExposureOptions? Exposure { get; init; }

    /// <summary>Profile only the descriptor's modules, not this machine's (the platform is where the model will run). Default: false.</summary>
    public bool PlatformModulesOnly { get; init; }
}
