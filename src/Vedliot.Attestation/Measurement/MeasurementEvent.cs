namespace Vedliot.Attestation.Measurement;

/// <summary>Kinds of artefact a node measures before it uses them.</summary>
public enum ArtefactType
{
    /// <summary>A managed assembly of the node agent's build, its own or a third-party one (<c>node-agent</c>).</summary>
    NodeAgent,

    /// <summary>The deploy manifest the node was given (<c>deploy-manifest</c>).</summary>
    DeployManifest,

    /// <summary>A model partition (ONNX bytes) (<c>model-partition</c>).</summary>
    ModelPartition,

    /// <summary>An FPGA bitstream (<c>bitstream</c>).</summary>
    Bitstream,

    /// <summary>A native library of the node agent's build, such as the ONNX Runtime library <c>libonnxruntime.so</c> (<c>native-library</c>).</summary>
    NativeLibrary,

    /// <summary>An ONNX Runtime execution provider library of the agent's build, <c>libonnxruntime_providers_*.so</c> (<c>execution-provider</c>).</summary>
    ExecutionProvider,

    /// <summary>A plugin the node agent loads (<c>plugin</c>).</summary>
    Plugin,
}

/// <summary>Groups of <see cref="ArtefactType"/>.</summary>
public static class ArtefactTypes
{
    /// <summary>The types of the files of a node agent build: what the agent executes, measured at its start.</summary>
    public static IReadOnlyList<ArtefactType> AgentBuild { get; } = [ArtefactType.NodeAgent, ArtefactType.NativeLibrary, ArtefactType.ExecutionProvider, ArtefactType.Plugin];
}

/// <summary>One entry of the measurement log: an artefact's SHA-256 digest, its type and its name (see Measurement/FORMAT.md).</summary>
/// <param name="Sequence">Zero-based position in the log.</param>
/// <param name="Type">Artefact type.</param>
/// <param name="Name">Artefact name (e.g. partition file name), 1..256 UTF-8 bytes.</param>
/// <param name="Digest">SHA-256 of the artefact bytes (32 bytes).</param>
public sealed record MeasurementEvent(int Sequence, ArtefactType Type, string Name, ReadOnlyMemory<byte> Digest);
