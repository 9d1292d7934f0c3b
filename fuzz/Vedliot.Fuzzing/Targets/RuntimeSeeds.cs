using System.Text;
using System.Text.Json;
using Vedliot.Messaging.Packets;
using Vedliot.Pipelines;

namespace Vedliot.Fuzzing.Targets;

/// <summary>Seed inputs for the runtime targets: the repository's own manifests and descriptors, and small ones written here.</summary>
public static class RuntimeSeeds
{
    /// <summary>A small manifest with every field.</summary>
    public const string Manifest = """
        usecase: fuzz
        description: every field once
        app: Vedliot.UseCases.Fuzz
        platform: discover
        pipelines:
          - name: one
            model: models/one.onnx
            input_topic: vedliot/fuzz/in
            output_topic: vedliot/fuzz/out
            dimensions: { batch_size: 1, samples: 16 }
            objective: latency
            constraints:
              latency_budget_ms: 20
              energy_budget_mj: 5
              require_attested: first
              allowed_kinds: [cpu, gpu]
              max_stages: 2
        """;

    /// <summary>The files matching <paramref name="pattern"/> under the repository's <paramref name="folder"/> (when the repository is found above this program), and <paramref name="inline"/> if given.</summary>
    /// <param name="folder">e.g. <c>platforms</c>.</param>
    /// <param name="pattern">e.g. <c>*.yaml</c>.</param>
    /// <param name="inline">A seed written in code, always included.</param>
    /// <returns>The seeds, in a fixed order.</returns>
    public static IReadOnlyList<byte[]> Files(string folder, string pattern, string? inline)
    {
        var seeds = inline is null ? [] : new List<byte[]> { Encoding.UTF8.GetBytes(inline) };
        if (RepositoryRoot() is { } root && Directory.Exists(Path.Combine(root, folder)))
        {
            var files = Directory.GetFiles(Path.Combine(root, folder), pattern, SearchOption.AllDirectories);
            Array.Sort(files, StringComparer.Ordinal);
            seeds.AddRange(files.Select(File.ReadAllBytes));
        }

        return seeds;
    }

    /// <summary>Notices in every state, and an empty payload (a cleared notice).</summary>
    /// <returns>The seeds.</returns>
    public static IReadOnlyList<byte[]> Notices()
    {
        var seeds = new List<byte[]> { Array.Empty<byte>() };
        foreach (var state in Enum.GetValues<PipelineState>())
        {
            var notice = new PipelineNotice("wake", 3, state, "placed on node-1", "vedliot/in", "vedliot/out", ["audio"], ["score", "mel"], new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.Zero));
            MqttApplicationMessage message = PipelineNotices.Create("vedliot", notice);
            seeds.Add(message.Payload.ToArray());
        }

        seeds.Add(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { pipeline = "p", generation = 1, state = "placing", reason = "", inputTopic = "i", outputTopic = "o", inputs = Array.Empty<string>(), outputs = Array.Empty<string>(), time = "2026-01-01T00:00:00Z" })));
        return seeds;
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vedliot.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
