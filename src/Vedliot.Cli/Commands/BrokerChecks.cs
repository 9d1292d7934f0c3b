using Vedliot.Hosting.Broker;

namespace Vedliot.Cli.Commands;

/// <summary>Checks on the broker options' files, so that a missing one fails before connecting.</summary>
internal static class BrokerChecks
{
    public static void Add(BrokerCommandLine broker)
    {
        broker.PasswordFile.ExistingFile();
        broker.Ca.ExistingFile();
        broker.ClientCertificate.ExistingFile();
        broker.ClientKey.ExistingFile();
    }
}
