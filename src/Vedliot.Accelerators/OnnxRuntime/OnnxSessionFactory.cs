using Microsoft.ML.OnnxRuntime;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// Creates ONNX Runtime sessions on the configured execution provider. A provider the native library
/// lacks is refused up front with the list of those it has; nothing falls back to the CPU unless the
/// options allow it.
/// </summary>
public static class OnnxSessionFactory
{
    /// <summary>
    /// Checks that <paramref name="provider"/> is known, in the loaded build and loadable here (a session
    /// on it can be created), and returns its ONNX Runtime name.
    /// </summary>
    /// <exception cref="ExecutionProviderUnavailableException">It is unknown, absent or cannot be loaded.</exception>
    public static string RequireProvider(string provider)
    {
        if (!ExecutionProviders.TryResolve(provider, out var shortName, out var ortName))
        {
            throw new ExecutionProviderUnavailableException(provider, $"execution provider '{provider}' is unknown; known providers: {string.Join(", ", ExecutionProviders.Names)}");
        }

        var status = ExecutionProviderProbe.Probe(shortName, ortName);
        return status.Loadability switch
        {
            ProviderLoadability.Loadable => ortName,
            ProviderLoadability.NotInBuild => throw new ExecutionProviderUnavailableException(
                provider,
                $"execution provider '{shortName}' ({ortName}) is not available in the loaded ONNX Runtime {OnnxRuntimeBuild.NativeLibraryVersion()} native library; available: {string.Join(", ", ExecutionProviderProbe.Listed())}"),
            _ => throw new ExecutionProviderUnavailableException(
                provider,
                $"execution provider '{shortName}' ({ortName}) is listed by ONNX Runtime {OnnxRuntimeBuild.NativeLibraryVersion()} but cannot be loaded here: {status.Problem}" + (status.Remedy is null ? string.Empty : $"; {status.Remedy}")),
        };
    }

    /// <summary>Creates a session for the serialized <paramref name="model"/>.</summary>
    /// <param name="model">The .onnx file's bytes.</param>
    /// <param name="options">Provider and threading options.</param>
    /// <param name="source">Names the model in errors.</param>
    /// <returns>A session the caller owns and disposes.</returns>
    /// <exception cref="ExecutionProviderUnavailableException">The provider is unknown or absent.</exception>
    /// <exception cref="OnnxRuntimeFailureException">ONNX Runtime refuses the model.</exception>
    public static InferenceSession Create(byte[] model, OnnxRuntimeOptions options, string source)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var ortName = RequireProvider(options.ExecutionProvider);
        using var sessionOptions = CreateSessionOptions(options, ortName);
        try
        {
            return new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new OnnxRuntimeFailureException(source, "refuses the model", e);
        }
    }

    private static SessionOptions CreateSessionOptions(OnnxRuntimeOptions options, string ortName)
    {
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = options.GraphOptimization,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = options.InterOpThreads,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL,
        };
        try
        {
            AppendProvider(sessionOptions, ortName, options.ProviderOptions);
            if (ortName != "CPUExecutionProvider" && !options.AllowCpuFallback)
            {
                sessionOptions.AddSessionConfigEntry("session.disable_cpu_ep_fallback", "1");
            }

            return sessionOptions;
        }
        catch (OnnxRuntimeException e)
        {
            sessionOptions.Dispose();
            throw new ExecutionProviderUnavailableException(ortName, $"execution provider {ortName} cannot be set up: {e.Message}");
        }
    }

    /// <summary>Adds the provider called <paramref name="ortName"/> to <paramref name="sessionOptions"/>.</summary>
    internal static void AppendProvider(SessionOptions sessionOptions, string ortName, IReadOnlyDictionary<string, string> providerOptions)
    {
        var settings = providerOptions.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
        switch (ortName)
        {
            case "CPUExecutionProvider":
                break;
            case "CUDAExecutionProvider":
                using (var cuda = new OrtCUDAProviderOptions())
                {
                    cuda.UpdateOptions(settings);
                    sessionOptions.AppendExecutionProvider_CUDA(cuda);
                }

                break;
            case "TensorrtExecutionProvider":
                using (var tensorRt = new OrtTensorRTProviderOptions())
                {
                    tensorRt.UpdateOptions(settings);
                    sessionOptions.AppendExecutionProvider_Tensorrt(tensorRt);
                }

                break;
            case "OpenVINOExecutionProvider":
                sessionOptions.AppendExecutionProvider("OpenVINO", settings);
                break;
            case "XnnpackExecutionProvider":
                sessionOptions.AppendExecutionProvider("XNNPACK", settings);
                break;
            case "VitisAIExecutionProvider":
                sessionOptions.AppendExecutionProvider("VitisAI", settings);
                break;
            default:
                throw new ExecutionProviderUnavailableException(ortName, $"execution provider {ortName} has no set-up in Vedliot");
        }
    }
}
