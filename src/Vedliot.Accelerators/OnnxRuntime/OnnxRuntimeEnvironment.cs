using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;

namespace Vedliot.Accelerators.OnnxRuntime;

/// <summary>
/// ONNX Runtime's process-wide environment. Its log goes to a small buffer instead of stderr: Vedliot
/// reports errors itself, once, but some causes (which shared library a provider could not load) are
/// only ever written to that log, never to the exception.
/// </summary>
internal static class OnnxRuntimeEnvironment
{
    private const int KeptMessages = 64;
    private static readonly ConcurrentQueue<string> Recent = new();
    private static readonly DOrtLoggingFunction Sink = Keep;
    private static readonly Lazy<OrtEnv> Environment = new(Create);

    /// <summary>The environment, created on first use.</summary>
    public static OrtEnv Get() => Environment.Value;

    /// <summary>The error messages ONNX Runtime logged lately (at most 64), oldest first.</summary>
    public static IReadOnlyList<string> RecentErrors() => Recent.ToArray();

    private static OrtEnv Create()
    {
        if (OrtEnv.IsCreated)
        {
            return OrtEnv.Instance();
        }

        var options = new EnvironmentCreationOptions
        {
            logId = "vedliot",
            logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            loggingFunction = Sink,
        };
        return OrtEnv.CreateInstanceWithOptions(ref options);
    }

    private static void Keep(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        Recent.Enqueue(message);
        while (Recent.Count > KeptMessages && Recent.TryDequeue(out _))
        {
        }
    }
}
