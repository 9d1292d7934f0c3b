using Microsoft.ML.OnnxRuntime;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// Creates ONNX Runtime sessions on the configured execution provider. A provider the native library
/// lacks is refused up front with the list of those it has; nothing falls back to the CPU unless the
/// options allow it.
/// </summary>
public static class OnnxSessionFactory
{
    private static readonly Lazy<OrtEnv> Environment = new(CreateEnvironment);

    /// <summary>The execution providers the loaded native library offers, in ONNX Runtime's spelling.</summary>
    public static IReadOnlyList<string> AvailableProviders => Environment.Value.GetAvailableProviders();

    /// <summary>The version of the loaded ONNX Runtime native library.</summary>
    public static string RuntimeVersion => Environment.Value.GetVersionString();

    /// <summary>Checks that <paramref name="provider"/> is known and present, and returns its ONNX Runtime name.</summary>
    /// <exception cref="ExecutionProviderUnavailableException">It is unknown or absent.</exception>
    public static string RequireProvider(string provider)
    {
        if (!ExecutionProviders.TryResolve(provider, out var shortName, out var ortName))
        {
            throw new ExecutionProviderUnavailableException(provider, $"execution provider '{provider}' is unknown; known providers: {string.Join(", ", ExecutionProviders.Names)}");
        }

        var available = AvailableProviders;
        if (!available.Contains(ortName, StringComparer.Ordinal))
        {
            throw new ExecutionProviderUnavailableException(provider, $"execution provider '{shortName}' ({ortName}) is not available in the loaded ONNX Runtime {RuntimeVersion} native library; available: {string.Join(", ", available)}");
        }

        return ortName;
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

    private static void AppendProvider(SessionOptions sessionOptions, string ortName, IReadOnlyDictionary<string, string> providerOptions)
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

    // ONNX Runtime's own log would print warnings and errors to stderr; Vedliot reports errors itself, once.
    private static OrtEnv CreateEnvironment()
    {
        if (OrtEnv.IsCreated)
        {
            return OrtEnv.Instance();
        }

        var options = new EnvironmentCreationOptions { logId = "vedliot", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL };
        return OrtEnv.CreateInstanceWithOptions(ref options);
    }
}
