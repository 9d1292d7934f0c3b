using static Vedliot.Deployment.Benchmarks.PipelineBenchmark;

namespace Vedliot.Deployment.Benchmarks;

/// <summary>
/// Where the cores went during the throughput phase, and what moving tensors cost: the CPU of the nodes, the broker
/// and this process per request, less the partitions' runs as the in-process chain measured them.
/// </summary>
internal static class CpuReport
{
    /// <summary>Prints the phase's CPU by process, each node's CPU beyond its run and one hop's CPU by size.</summary>
    /// <returns>Transport CPU ms per request: nodes + broker + this process, less the runs (kernel interrupts not included).</returns>
    public static double Print(TextWriter output, CpuUse cpuUse, int requests, IReadOnlyList<string> stageNodes, double runCpuMs, double[] runWallMs, IReadOnlyList<string> hopLabels, IReadOnlyList<int> hopBytes, IReadOnlyList<HopFigures> hops, double slowestStageMs)
    {
        double MsPerRequest(double cores) => cores * cpuUse.Seconds * 1000 / requests;
        var processCores = cpuUse.Named.Sum(p => p.Cores);
        var deploymentCores = processCores + cpuUse.InterruptCores;
        var perRequest = MsPerRequest(processCores);
        output.WriteLine(Invariant($"   Where the cores went during phase 2 ({cpuUse.Seconds:0.0} s; {cpuUse.MachineCores} cores, {cpuUse.BusyCores:0.00} busy on average):"));
        output.WriteLine(Invariant($"     {"",-62} {"cores",6} {"CPU ms/request",15}"));
        foreach (var (name, cores) in cpuUse.Named)
        {
            output.WriteLine(Invariant($"     {name,-62} {cores,6:0.00} {MsPerRequest(cores),15:0.00}"));
        }

        output.WriteLine(Invariant($"     {"= nodes, broker and this process",-62} {processCores,6:0.00} {perRequest,15:0.00}"));
        output.WriteLine(Invariant($"     {"kernel interrupts (loopback TCP), no process",-62} {cpuUse.InterruptCores,6:0.00} {MsPerRequest(cpuUse.InterruptCores),15:0.00}"));
        output.WriteLine(Invariant($"     {"other processes on the machine",-62} {cpuUse.OtherCores,6:0.00}   (busiest: {string.Join(", ", cpuUse.BusiestOthers.Select(o => Invariant($"{o.Name} {o.Cores:0.00}")))})"));
        var vanished = Math.Max(0, cpuUse.BusyCores - deploymentCores - cpuUse.OtherCores);
        output.WriteLine(Invariant($"     {"processes that ended during the phase",-62} {vanished,6:0.00}   (this benchmark starts none during phase 2)"));

        // The runs' CPU is the in-process chain's (thread CPU time), shared among the stages as their run times are.
        var runs = runWallMs.Select(w => runCpuMs * w / runWallMs.Sum()).ToArray();
        output.WriteLine(Invariant($"   CPU per request of each node beyond its partition's run ({runCpuMs:0.00} CPU ms per request for all {runWallMs.Length} in process, shared as their run times): decoding, copies, encoding, TLS, MQTT:"));
        for (var s = 0; s < stageNodes.Count; s++)
        {
            var nodeMs = MsPerRequest(cpuUse.Named.First(p => p.Name == stageNodes[s]).Cores);
            output.WriteLine(Invariant($"     stage {s + 1} ({stageNodes[s]}): {nodeMs:0.00} CPU ms - run {runs[s]:0.00} ms = {nodeMs - runs[s]:0.00} ms"));
        }

        output.WriteLine("   one hop's CPU (transfer probe: publisher + subscriber in this process, and the broker):");
        for (var i = 0; i < hops.Count; i++)
        {
            output.WriteLine(Invariant($"     {hopLabels[i],-18} {hopBytes[i] / 1024.0,6:0} KiB: clients {hops[i].ClientCpuMs:0.00} ms, broker {hops[i].BrokerCpuMs:0.00} ms"));
        }

        var transport = perRequest - runCpuMs;
        output.WriteLine(Invariant($"   of the {perRequest:0.00} CPU ms per request of nodes, broker and this process, {runCpuMs:0.00} ms are the partitions' runs and {transport:0.00} ms ({transport / perRequest:P0}) go to moving tensors between them"));
        output.WriteLine(Invariant($"   (+ {MsPerRequest(cpuUse.InterruptCores):0.00} ms of kernel interrupt work charged to no process)"));
        var perRequestAll = MsPerRequest(deploymentCores);
        var free = cpuUse.MachineCores - cpuUse.OtherCores - vanished;
        output.WriteLine(Invariant($"   [CPU ceiling] {cpuUse.MachineCores} cores / {perRequestAll:0.00} CPU ms per request = {cpuUse.MachineCores * 1000 / perRequestAll:0.0}/s if the machine were the deployment's alone;"));
        output.WriteLine(Invariant($"   the deployment kept {deploymentCores:0.00} of the {free:0.00} cores other processes left it busy ({Math.Min(1, deploymentCores / free):P0})."));
        // Loaded run times include the waits for a core the stages share, so the stage bound is judged on isolated ones.
        var perCore = perRequestAll / cpuUse.MachineCores;
        output.WriteLine(Invariant($"   The slowest stage alone needs {slowestStageMs:0.00} ms per request (isolated run + hop), the whole deployment {perRequestAll:0.00} CPU ms = {perCore:0.00} ms per request on {cpuUse.MachineCores} cores:"));
        output.WriteLine(perCore > slowestStageMs
            ? "   the machine's cores, not the slowest stage, bound the rate here; under load each stage's run stretches by its waits for a core, and so does the bound built on loaded run times."
            : "   the slowest stage, not the cores, bounds the rate here.");
        return transport;
    }
}
