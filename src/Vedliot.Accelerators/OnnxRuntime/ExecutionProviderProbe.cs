using System.Collections.Concurrent;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// Finds whether an execution provider really runs here by creating a one-node session on it. The build's
/// list of providers is not enough: ONNX Runtime's GPU build lists CUDA even where CUDA's libraries are
/// absent, and only loading the provider shows that. Each provider is probed once per process.
/// </summary>
internal static class ExecutionProviderProbe
{
    private static readonly ConcurrentDictionary<string, Lazy<ExecutionProviderStatus>> Statuses = new(StringComparer.Ordinal);
    private static readonly Lazy<byte[]> IdentityModel = new(BuildIdentityModel);

    /// <summary>The state of the provider called <paramref name="ortName"/> in ONNX Runtime's spelling.</summary>
    public static ExecutionProviderStatus Probe(string shortName, string ortName) =>
        Statuses.GetOrAdd(ortName, name => new Lazy<ExecutionProviderStatus>(() => Run(shortName, name))).Value;

    /// <summary>The providers the loaded build lists, in ONNX Runtime's spelling.</summary>
    public static IReadOnlyList<string> Listed() => OnnxRuntimeEnvironment.Get().GetAvailableProviders();

    private static ExecutionProviderStatus Run(string shortName, string ortName)
    {
        if (!Listed().Contains(ortName, StringComparer.Ordinal))
        {
            return new ExecutionProviderStatus(shortName, ortName, ProviderLoadability.NotInBuild);
        }

        try
        {
            using var options = new SessionOptions { LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
            OnnxSessionFactory.AppendProvider(options, ortName, new Dictionary<string, string>());
            using var session = new InferenceSession(IdentityModel.Value, options);
            return new ExecutionProviderStatus(shortName, ortName, ProviderLoadability.Loadable);
        }
        catch (OnnxRuntimeException e)
        {
            return NotLoadable(shortName, ortName, e.Message);
        }
    }

    // Depending on where loading fails, the exception names the library that could not be opened, or
    // says only "Failed to load shared library" and leaves the name to ONNX Runtime's log.
    private static ExecutionProviderStatus NotLoadable(string shortName, string ortName, string message)
    {
        var providerLibrary = $"libonnxruntime_providers_{shortName.ToLowerInvariant()}.so";
        var logged = OnnxRuntimeEnvironment.RecentErrors().Where(line => line.Contains(providerLibrary, StringComparison.Ordinal)).Reverse();
        foreach (var text in logged.Prepend(message))
        {
            if (MissingLibraryDiagnosis.TryDiagnose(text, out var library, out var remedy))
            {
                return new ExecutionProviderStatus(shortName, ortName, ProviderLoadability.ListedNotLoadable, $"{providerLibrary} needs {library}, which the loader cannot find", library, remedy);
            }
        }

        return new ExecutionProviderStatus(shortName, ortName, ProviderLoadability.ListedNotLoadable, message.ReplaceLineEndings(" ").Trim());
    }

    private static byte[] BuildIdentityModel()
    {
        var model = new ModelProto { IrVersion = 7, ProducerName = "vedliot-provider-probe" };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 13 });
        var graph = new GraphProto { Name = "probe" };
        graph.Node.Add(new NodeProto { OpType = "Identity", Input = { "x" }, Output = { "y" } });
        graph.Input.Add(FloatVector("x"));
        graph.Output.Add(FloatVector("y"));
        model.Graph = graph;
        return model.ToByteArray();
    }

    private static ValueInfoProto FloatVector(string name)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
