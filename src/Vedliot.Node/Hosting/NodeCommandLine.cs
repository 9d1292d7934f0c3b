using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Vedliot.Attestation.Enrollment;
using Vedliot.Hosting.Broker;
using Vedliot.Hosting.Node;
using Vedliot.Hosting.Tpm;
using Vedliot.Messaging.Packets;
using Vedliot.Runtime;

namespace Vedliot.Node.Hosting;

/// <summary>
/// The <c>Vedliot.Node</c> command line: reads the options into <see cref="NodeAgentOptions"/> and runs a
/// <see cref="NodeAgentService"/> in a generic host (console logging; Ctrl-C and SIGTERM stop it gracefully).
/// A bad argument is one line <c>vedliot-node: error: …</c> and exit code <see cref="UsageExitCode"/>; a failure
/// to start (broker unreachable, TPM missing) is one such line and exit code <see cref="FailureExitCode"/>.
/// </summary>
public sealed class NodeCommandLine
{
    /// <summary>Exit code for a bad argument.</summary>
    public const int UsageExitCode = 2;

    /// <summary>Exit code for a failure to start or run.</summary>
    public const int FailureExitCode = 1;

    private const string Program = "vedliot-node";

    private readonly BrokerCommandLine _broker = new();
    private readonly Option<string> _nodeId = new("--node-id") { Description = "This node's id (letters, digits, '-', '_' and '.'); also its broker user name where nodes have their own.", Required = true };
    private readonly Option<string?> _platform = new("--platform") { Description = "Platform descriptor (YAML) whose module --module this node drives: emulated unless this machine's probes find it." };
    private readonly Option<string?> _module = new("--module") { Description = "The module to drive: a module of --platform, or of this machine (e.g. local-cpu0, local-gpu0). Default: this machine's CPU." };
    private readonly Option<string> _tpm = new("--tpm") { Description = $"The node's TPM: '{NodeTpm.Emulated}' (swtpm, state kept under --state; labelled emulated), a device such as /dev/tpmrm0, or HOST:PORT of a TPM simulator.", DefaultValueFactory = _ => NodeTpm.Emulated };
    private readonly Option<List<string>> _tpmCas = new("--tpm-ca") { Description = "Certificate (PEM or DER) of the CA that signed the TPM's EK certificate (repeatable): checked at start as enrollment will check it, so that a wrong TPM or CA fails at once.", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = true };
    private readonly Option<string?> _state = new("--state") { Description = "Where the attestation key and an emulated TPM's state are kept. Default: $XDG_STATE_HOME/vedliot/node/<node-id>." };
    private readonly Option<string> _topicRoot = new("--topic-root") { Description = "First level(s) of the deployment topics.", DefaultValueFactory = _ => "vedliot" };
    private readonly Option<TimeSpan> _healthInterval = new("--health-interval") { Description = "How often to publish health, e.g. 2s, 500ms, 1m.", DefaultValueFactory = _ => TimeSpan.FromSeconds(2), CustomParser = ParseDuration };
    private readonly Option<int> _threads = new("--threads") { Description = "ONNX Runtime threads inside one operator.", DefaultValueFactory = _ => 1 };

    private NodeCommandLine()
    {
        _nodeId.Validators.Add(r => Check(r, NodeIds.IsValid(r.GetValueOrDefault<string>()), v => $"--node-id '{v}': not a valid node id (1-128 letters, digits, '-', '_' and '.', not starting with '.')"));
        _threads.Validators.Add(r => Check(r, r.GetValueOrDefault<int>() >= 1, v => $"--threads {v}: must be at least 1"));
        _topicRoot.Validators.Add(r => Check(r, IsTopicRoot(r.GetValueOrDefault<string>()), v => $"--topic-root '{v}': must be non-empty topic levels without wildcards or leading/trailing '/'"));
    }

    /// <summary>Runs the node agent with <paramref name="args"/> until it is stopped.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Where help goes.</param>
    /// <param name="error">Where errors go (one line each).</param>
    /// <param name="environment">Reads environment variables (the password).</param>
    /// <param name="cancellationToken">Stops the agent as Ctrl-C would.</param>
    /// <returns>The exit code: 0 after a graceful stop, <see cref="UsageExitCode"/> or <see cref="FailureExitCode"/>.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(environment);
        var commandLine = new NodeCommandLine();
        var root = commandLine.CreateRootCommand(error, environment);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await error.WriteLineAsync($"{Program}: error: {parse.Errors[0].Message}").ConfigureAwait(false);
            return UsageExitCode;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a node agent in a generic host until it is stopped (Ctrl-C, SIGTERM or <paramref name="cancellationToken"/>).</summary>
    /// <param name="options">The agent's settings.</param>
    /// <param name="error">Where a failure to start is reported (one line).</param>
    /// <param name="cancellationToken">Stops the agent.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunHostAsync(NodeAgentOptions options, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(error);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<NodeAgentService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<NodeAgentService>());
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        using var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsUsageError(e))
        {
            await error.WriteLineAsync($"{Program}: error: {e.Message}").ConfigureAwait(false);
            return UsageExitCode;
        }
        catch (Exception e) when (IsUserFacing(e))
        {
            await error.WriteLineAsync($"{Program}: error: {e.Message}").ConfigureAwait(false);
            return FailureExitCode;
        }

        await host.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        return host.Services.GetRequiredService<NodeAgentService>().ExecuteTask is { IsFaulted: true } ? FailureExitCode : 0;
    }

    private RootCommand CreateRootCommand(TextWriter error, Func<string, string?> environment)
    {
        var root = new RootCommand("Vedliot node agent: announces this node's module, attests it with its TPM, and runs the pipeline stages the orchestrator assigns, over MQTT.");
        _broker.AddTo(root);
        foreach (var option in new Option[] { _nodeId, _platform, _module, _tpm, _tpmCas, _state, _topicRoot, _healthInterval, _threads })
        {
            root.Options.Add(option);
        }

        root.Validators.Add(ValidateCombinations);
        root.SetAction(async (parse, cancellationToken) =>
        {
            NodeAgentOptions options;
            try
            {
                options = await ToOptionsAsync(parse, environment, cancellationToken).ConfigureAwait(false);
                options.Validate();
            }
            catch (Exception e) when (IsUsageError(e))
            {
                await error.WriteLineAsync($"{Program}: error: {e.Message}").ConfigureAwait(false);
                return UsageExitCode;
            }

            return await RunHostAsync(options, error, cancellationToken).ConfigureAwait(false);
        });
        return root;
    }

    private void ValidateCombinations(CommandResult result)
    {
        if (result.GetValue(_platform) is not null && result.GetValue(_module) is null)
        {
            result.AddError("--platform needs --module: the id of the descriptor's module this node drives");
        }
    }

    private async Task<NodeAgentOptions> ToOptionsAsync(ParseResult parse, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        var nodeId = parse.GetValue(_nodeId)!;
        return new NodeAgentOptions
        {
            NodeId = nodeId,
            Broker = await _broker.BindAsync(parse, environment, cancellationToken).ConfigureAwait(false),
            PlatformPath = parse.GetValue(_platform) is { } platform ? Existing(platform, "--platform", "platform descriptor") : null,
            ModuleId = parse.GetValue(_module),
            Tpm = parse.GetValue(_tpm)!,
            TpmCaFiles = [.. (parse.GetValue(_tpmCas) ?? []).Select(ca => Existing(ca, "--tpm-ca", "CA certificate"))],
            StateDirectory = parse.GetValue(_state) is { } state ? Path.GetFullPath(state) : NodeAgentOptions.DefaultStateDirectory(nodeId),
            TopicRoot = parse.GetValue(_topicRoot)!,
            HealthInterval = parse.GetValue(_healthInterval),
            Threads = parse.GetValue(_threads),
        };
    }

    private static string Existing(string path, string option, string what) =>
        File.Exists(path) ? path : throw new NodeConfigurationException($"{option} '{path}': {what} not found");

    private static void Check(OptionResult result, bool valid, Func<string, string> message)
    {
        if (!valid)
        {
            result.AddError(message(string.Join(' ', result.Tokens.Select(t => t.Value))));
        }
    }

    private static bool IsTopicRoot(string? root) =>
        !string.IsNullOrEmpty(root) && !root.StartsWith('/') && !root.EndsWith('/') && MqttTopic.ValidateTopicName(root) is null;

    private static TimeSpan ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 1.0)
            : text.EndsWith('s') ? (text[..^1], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 60_000.0)
            : (text, 1000.0);
        if (double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value * unit is >= 1 and <= 86_400_000)
        {
            return TimeSpan.FromMilliseconds(value * unit);
        }

        result.AddError($"--health-interval '{text}': expected a duration from 1ms to 24h such as 2s, 500ms or 1m (a bare number is seconds)");
        return default;
    }

    // A bad argument: the options name something unusable (a module, a file, a malformed setting).
    private static bool IsUsageError(Exception e) => e is NodeConfigurationException or BrokerOptionsException or ArgumentException;

    private static bool IsUserFacing(Exception e) =>
        e is VedliotException or TimeoutException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException
        || e.GetType().Namespace?.StartsWith("Vedliot.", StringComparison.Ordinal) == true;
}
