using System.Text;
using Vedliot.Messaging.Packets;
using Vedliot.Pipelines;
using Vedliot.Runtime.Deployment;
using Vedliot.Runtime.Platform.Descriptors;
using Vedliot.Runtime.Yaml;

namespace Vedliot.Fuzzing.Targets;

/// <summary>Targets for the files and notices the runtime reads: deploy manifests, platform descriptors, pipeline notices.</summary>
public static class RuntimeTargets
{
    /// <summary>DeployManifestReader.Parse on the input as UTF-8. Expected: YamlFileException.</summary>
    public static FuzzTarget DeployManifest { get; } = new("deploy-manifest", "DeployManifestReader.Parse (Runtime/Deployment/)", () => RuntimeSeeds.Files("usecases", "deploy.yaml", RuntimeSeeds.Manifest), RunManifest);

    /// <summary>PlatformDescriptor.Parse on the input as UTF-8. Expected: YamlFileException.</summary>
    public static FuzzTarget PlatformDescriptorRead { get; } = new("platform-descriptor", "PlatformDescriptor.Parse (Runtime/Platform/Descriptors/)", () => RuntimeSeeds.Files("platforms", "*.yaml", null), RunDescriptor);

    /// <summary>PipelineNotices.Read on a message carrying the input. Expected: FormatException.</summary>
    public static FuzzTarget PipelineNotice { get; } = new("pipeline-notice", "PipelineNotices.Read (Pipelines/)", RuntimeSeeds.Notices, RunNotice);

    private static string RunManifest(ReadOnlyMemory<byte> input)
    {
        try
        {
            _ = DeployManifestReader.Parse(Encoding.UTF8.GetString(input.Span), "/fuzz/usecases/fuzz/deploy.yaml");
            return "accepted";
        }
        catch (YamlFileException ex)
        {
            return Outcome.Rejected(ex);
        }
    }

    private static string RunDescriptor(ReadOnlyMemory<byte> input)
    {
        try
        {
            _ = PlatformDescriptor.Parse(Encoding.UTF8.GetString(input.Span), "/fuzz/platforms/fuzz.yaml");
            return "accepted";
        }
        catch (YamlFileException ex)
        {
            return Outcome.Rejected(ex);
        }
    }

    private static string RunNotice(ReadOnlyMemory<byte> input)
    {
        var message = new MqttApplicationMessage
        {
            Topic = "vedliot/pipelines/fuzz/notice",
            Payload = input,
            ContentType = PipelineNotices.ContentType,
        };
        try
        {
            return PipelineNotices.Read(message) is null ? "cleared" : "accepted";
        }
        catch (FormatException ex)
        {
            return Outcome.Rejected(ex);
        }
    }
}
