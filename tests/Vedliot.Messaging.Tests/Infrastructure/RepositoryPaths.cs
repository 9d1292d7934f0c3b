namespace Vedliot.Messaging.Tests.Infrastructure;

public static class RepositoryPaths
{
    public const string MqttJsVersion = "5.16.0";

    public static string Root { get; } = FindRoot();

    public static string DepsDirectory =>
        Environment.GetEnvironmentVariable("VEDLIOT_DEPS_DIR") is { Length: > 0 } deps ? deps : Path.Combine(Root, ".deps");

    /// <summary>node_modules holding MQTT.js, installed by eng/bootstrap.sh.</summary>
    public static string MqttJsNodeModules
    {
        get
        {
            var path = Path.Combine(DepsDirectory, "node", $"mqtt@{MqttJsVersion}", "node_modules");
            return Directory.Exists(Path.Combine(path, "mqtt"))
                ? path
                : throw new InvalidOperationException($"MQTT.js {MqttJsVersion} is not installed at {path}; run eng/bootstrap.sh --tests.");
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")) && File.Exists(Path.Combine(dir.FullName, "Vedliot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Repository root not found above " + AppContext.BaseDirectory);
    }
}
