using Vedliot.Runtime.Platform;

namespace Vedliot.Testing.Runtime;

/// <summary>Modules with round, known parameters, for tests of accelerators and device models.</summary>
public static class TestModules
{
    /// <summary>An emulated module: 1 TOPS at the given precisions, 10 GB/s, 10 W active, 0.5 ms per call.</summary>
    public static Module Emulated(string id = "npu", IReadOnlySet<string>? operators = null, params Precision[] precisions) => new(
        id,
        ModuleKind.Asic,
        "Acme",
        "Acme NPU",
        (precisions.Length == 0 ? [Precision.Fp32] : precisions).ToDictionary(p => p, _ => 1e12),
        new MemorySpec(1L << 30, 10e9),
        new OperatorSupport(operators, (precisions.Length == 0 ? [Precision.Fp32] : precisions).ToHashSet()),
        new PowerModel(1, 10),
        0.5,
        1,
        "emulated",
        Presence.Emulated,
        null,
        new Dictionary<string, string>());

    /// <summary>This machine's CPU through ONNX Runtime, with a 20 W power model.</summary>
    public static Module LocalCpu(string backend = "onnxruntime:CPU") => new(
        "cpu",
        ModuleKind.Cpu,
        "Acme",
        "Acme CPU",
        new Dictionary<Precision, double> { [Precision.Fp32] = 1e11 },
        new MemorySpec(1L << 30, 10e9),
        OperatorSupport.All(Precision.Fp32),
        new PowerModel(2, 20),
        0,
        1,
        backend,
        Presence.Present,
        null,
        new Dictionary<string, string>());
}
