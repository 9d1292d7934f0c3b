using System.CommandLine;
using System.Text;

namespace Vedliot.Hosting.Broker;

/// <summary>
/// The broker connection options of the <c>vedliot</c> command and the node agent, spelled and read once:
/// <c>--broker</c>, <c>--username</c>, <c>--password-file</c>, <c>--tls</c>, <c>--broker-ca</c>,
/// <c>--client-cert</c> and <c>--client-key</c>. <see cref="AddTo"/> puts them on a command and
/// <see cref="BindAsync"/> reads them into <see cref="BrokerConnectionOptions"/>.
/// </summary>
public sealed class BrokerCommandLine
{
    /// <summary>Environment variable holding the broker password when no password file is given.</summary>
    public const string PasswordVariable = "VEDLIOT_BROKER_PASSWORD";

    /// <summary><c>--broker HOST:PORT</c> (<c>[ADDRESS]:PORT</c> for IPv6). Default: <c>127.0.0.1:1883</c>.</summary>
    public Option<string> Broker { get; } = new("--broker") { Description = "The MQTT broker, HOST:PORT ([ADDRESS]:PORT for IPv6).", DefaultValueFactory = _ => "127.0.0.1:1883" };

    /// <summary><c>--username NAME</c>.</summary>
    public Option<string?> UserName { get; } = new("--username") { Description = "Broker user name." };

    /// <summary><c>--password-file FILE</c>.</summary>
    public Option<FileInfo?> PasswordFile { get; } = new("--password-file") { Description = $"File holding the broker password (else the environment variable {PasswordVariable}; never on the command line)." };

    /// <summary><c>--tls</c>.</summary>
    public Option<bool> Tls { get; } = new("--tls") { Description = "Connect with TLS; the broker's certificate must name its host." };

    /// <summary><c>--broker-ca FILE</c>.</summary>
    public Option<FileInfo?> Ca { get; } = new("--broker-ca") { Description = "CA certificate (PEM) the broker's certificate chains to (with --tls; default: the system's trust store)." };

    /// <summary><c>--client-cert FILE</c>.</summary>
    public Option<FileInfo?> ClientCertificate { get; } = new("--client-cert") { Description = "Client certificate (PEM) for mutual TLS (with --tls and --client-key)." };

    /// <summary><c>--client-key FILE</c>.</summary>
    public Option<FileInfo?> ClientKey { get; } = new("--client-key") { Description = "Private key (PEM) of --client-cert." };

    /// <summary>Adds every broker option to <paramref name="command"/>.</summary>
    /// <param name="command">A command that connects to the broker.</param>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Broker, UserName, PasswordFile, Tls, Ca, ClientCertificate, ClientKey })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reads the options of <paramref name="parse"/>, checks them and reads the password from its source.</summary>
    /// <param name="parse">The parsed command line of a command the options were added to.</param>
    /// <param name="environment">Reads an environment variable (<see cref="PasswordVariable"/>).</param>
    /// <param name="cancellationToken">Cancels reading the password file.</param>
    /// <returns>The checked options.</returns>
    /// <exception cref="BrokerOptionsException">An option is malformed, or a file is missing or unreadable; the message names the option and why.</exception>
    public async Task<BrokerConnectionOptions> BindAsync(ParseResult parse, Func<string, string?> environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(environment);
        var address = parse.GetValue(Broker);
        if (!BrokerAddress.TryParse(address, out var host, out var port, out var problem))
        {
            throw new BrokerOptionsException($"--broker '{address}': {problem}");
        }

        var options = new BrokerConnectionOptions
        {
            Host = host,
            Port = port,
            UseTls = parse.GetValue(Tls),
            CaCertificatePath = parse.GetValue(Ca)?.FullName,
            ClientCertificatePath = parse.GetValue(ClientCertificate)?.FullName,
            ClientKeyPath = parse.GetValue(ClientKey)?.FullName,
            UserName = parse.GetValue(UserName),
        };
        options.Validate();
        return options with { Password = await PasswordAsync(parse.GetValue(PasswordFile), environment, cancellationToken).ConfigureAwait(false) };
    }

    private static async Task<ReadOnlyMemory<byte>?> PasswordAsync(FileInfo? file, Func<string, string?> environment, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            // Typed, so that no variable gives no password rather than an empty one.
            return environment(PasswordVariable) is { Length: > 0 } password ? Encoding.UTF8.GetBytes(password) : (ReadOnlyMemory<byte>?)null;
        }

        if (!file.Exists)
        {
            throw new BrokerOptionsException($"--password-file '{file.FullName}': password file not found");
        }

        try
        {
            return Encoding.UTF8.GetBytes((await File.ReadAllTextAsync(file.FullName, cancellationToken).ConfigureAwait(false)).TrimEnd('\r', '\n'));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BrokerOptionsException($"--password-file '{file.FullName}': cannot be read: {e.Message}", e);
        }
    }
}
