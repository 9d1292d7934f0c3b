using Vedliot.Messaging.Packets;
using Vedliot.Runtime.Deployment.Protocol;
using static Vedliot.Deployment.Benchmarks.PipelineBenchmark;

namespace Vedliot.Deployment.Benchmarks;

/// <summary>The throughput phase's table of stages: run times (loaded, isolated, in process), output sizes, one-hop times and queues.</summary>
internal static class StageFigures
{
    /// <summary>Prints one line per stage; returns each stage's occupancy (run p50 + one hop of its output), loaded and isolated.</summary>
    public static (double[] Loaded, double[] Isolated) Print(TextWriter output, PipelineStatus pipeline, PipelineStatus loaded, PipelineStatus isolated, double[][] inProcessStages, IReadOnlyList<MqttApplicationMessage> payloads, double[] transfer, double[] waiting)
    {
        output.WriteLine(Invariant($"   {"stage",-7} {"node",-6} {"run p50 ms",11} {"run p50 ms",11} {"in-process",11} {"output",9} {"one hop",9} {"run+hop ms",11} {"run+hop ms",11} {"waiting",8}"));
        output.WriteLine(Invariant($"   {string.Empty,-7} {string.Empty,-6} {"(loaded)",11} {"(isolated)",11} {"p50 ms",11} {"KiB",9} {"p50 ms",9} {"(loaded)",11} {"(isolated)",11} {"(mean)",8}"));
        var count = pipeline.Stages.Count;
        var loadedOccupancy = new double[count];
        var isolatedOccupancy = new double[count];
        for (var s = 0; s < count; s++)
        {
            var underLoad = loaded.Stages[s].Metrics;
            var alone = isolated.Stages[s].Metrics;
            loadedOccupancy[s] = (underLoad?.LatencyP50Ms ?? double.NaN) + transfer[s];
            isolatedOccupancy[s] = (alone?.LatencyP50Ms ?? double.NaN) + transfer[s];
            output.WriteLine(Invariant($"   {s + 1,-7} {pipeline.Stages[s].NodeId,-6} {underLoad?.LatencyP50Ms,11:0.00} {alone?.LatencyP50Ms,11:0.00} {Samples.P50(inProcessStages[s]),11:0.00} {payloads[s].Payload.Length / 1024.0,9:0.0} {transfer[s],9:0.00} {loadedOccupancy[s],11:0.00} {isolatedOccupancy[s],11:0.00} {waiting[s],8:0.0}"));
        }

        return (loadedOccupancy, isolatedOccupancy);
    }
}
