using System.Numerics;
using Vedliot.Runtime.Placement;

namespace Vedliot.Placement.Benchmarks;

/// <summary>
/// The textbook dynamic programme the solver is measured against: state (modules used, last module, end
/// block); each state scans every first block and every previous module. Exact, O(2^K · K² · B²).
/// EDP keeps the whole (latency, energy) Pareto frontier per state.
/// </summary>
internal sealed class NaiveChainDp
{
    private readonly PlacementProblem _problem;
    private readonly int _blocks;
    private readonly int _modules;
    private readonly double[][] _latency;
    private readonly double[][] _energy;
    private readonly long[][] _memory;
    private readonly int[][] _blocked;
    private readonly double[,,] _transferMs;

    public NaiveChainDp(PlacementProblem problem)
    {
        _problem = problem;
        _blocks = problem.Blocks.Count;
        _modules = problem.Modules.Count;
        _latency = new double[_modules][];
        _energy = new double[_modules][];
        _memory = new long[_modules][];
        _blocked = new int[_modules][];
        for (var m = 0; m < _modules; m++)
        {
            _latency[m] = new double[_blocks + 1];
            _energy[m] = new double[_blocks + 1];
            _memory[m] = new long[_blocks + 1];
            _blocked[m] = new int[_blocks + 1];
            for (var b = 0; b < _blocks; b++)
            {
                var cost = problem.Blocks[b].CostByModule[m];
                var pinnedElsewhere = problem.Constraints.PinnedBlocks.TryGetValue(b, out var pin) && pin != problem.Modules[m].Id;
                _latency[m][b + 1] = _latency[m][b] + cost.LatencyMs;
                _energy[m][b + 1] = _energy[m][b] + cost.EnergyJoules;
                _memory[m][b + 1] = _memory[m][b] + cost.MemoryBytes;
                _blocked[m][b + 1] = _blocked[m][b] + (cost.IsSupported && !pinnedElsewhere ? 0 : 1);
            }
        }

        _transferMs = new double[_blocks, _modules, _modules];
        for (var boundary = 0; boundary < _blocks; boundary++)
        {
            for (var from = 0; from < _modules; from++)
            {
                for (var to = 0; to < _modules; to++)
                {
                    _transferMs[boundary, from, to] = boundary == 0
                        ? double.PositiveInfinity
                        : problem.LinkBetween(from, to)?.TransferMs(problem.BoundaryCrossingBytes[boundary - 1]) ?? double.PositiveInfinity;
                }
            }
        }
    }

    /// <summary>Minimum of latencyWeight × (latency + transfers) + energyWeight × energy, or of the bottleneck; infinity when infeasible.</summary>
    public double Minimize(double latencyWeight, double energyWeight, bool bottleneck)
    {
        var sets = 1 << _modules;
        var value = new double[sets, _modules, _blocks + 1];
        var best = double.PositiveInfinity;
        foreach (var (set, m, rest) in States())
        {
            for (var end = 1; end <= _blocks; end++)
            {
                var state = double.PositiveInfinity;
                for (var start = 0; start < end; start++)
                {
                    if (!StageFits(m, start, end, first: rest == 0))
                    {
                        continue;
                    }

                    var stage = bottleneck
                        ? _latency[m][end] - _latency[m][start]
                        : (latencyWeight * (_latency[m][end] - _latency[m][start])) + (energyWeight * (_energy[m][end] - _energy[m][start]));
                    if (rest == 0)
                    {
                        state = start == 0 ? Math.Min(state, stage) : state;
                        continue;
                    }

                    for (var previous = 0; previous < _modules; previous++)
                    {
                        var arrived = (rest & (1 << previous)) != 0 ? value[rest, previous, start] : double.PositiveInfinity;
                        var transfer = TransferMs(start, previous, m);
                        var total = double.IsPositiveInfinity(transfer) ? double.PositiveInfinity : bottleneck ? Math.Max(arrived, Math.Max(transfer, stage)) : arrived + (latencyWeight * transfer) + stage;
                        state = Math.Min(state, total);
                    }
                }

                value[set, m, end] = state;
            }

            if (BitOperations.PopCount((uint)set) <= (_problem.Constraints.MaxStages ?? int.MaxValue))
            {
                best = Math.Min(best, value[set, m, _blocks]);
            }
        }

        return best;
    }

    /// <summary>Minimum latency × energy (ms · J) from full Pareto frontiers per state.</summary>
    public double MinimizeEnergyDelayProduct()
    {
        var sets = 1 << _modules;
        var frontier = new List<(double Latency, double Energy)>[sets, _modules, _blocks + 1];
        var best = double.PositiveInfinity;
        foreach (var (set, m, rest) in States())
        {
            for (var end = 1; end <= _blocks; end++)
            {
                var labels = new List<(double Latency, double Energy)>();
                for (var start = 0; start < end; start++)
                {
                    if (!StageFits(m, start, end, first: rest == 0) || (rest == 0 && start > 0))
                    {
                        continue;
                    }

                    var stageLatency = _latency[m][end] - _latency[m][start];
                    var stageEnergy = _energy[m][end] - _energy[m][start];
                    if (rest == 0)
                    {
                        labels.Add((stageLatency, stageEnergy));
                        continue;
                    }

                    for (var previous = 0; previous < _modules; previous++)
                    {
                        var transfer = TransferMs(start, previous, m);
                        if ((rest & (1 << previous)) == 0 || double.IsPositiveInfinity(transfer) || frontier[rest, previous, start] is not { } arrived)
                        {
                            continue;
                        }

                        labels.AddRange(arrived.Select(a => (a.Latency + transfer + stageLatency, a.Energy + stageEnergy)));
                    }
                }

                frontier[set, m, end] = Pareto(labels);
            }

            if (BitOperations.PopCount((uint)set) <= (_problem.Constraints.MaxStages ?? int.MaxValue))
            {
                best = Math.Min(best, frontier[set, m, _blocks].Select(l => l.Latency * l.Energy).DefaultIfEmpty(double.PositiveInfinity).Min());
            }
        }

        return best;
    }

    /// <summary>Every (set of modules used, last module, the set without it) in an order where the smaller set comes first.</summary>
    private IEnumerable<(int Set, int Module, int Others)> States()
    {
        for (var set = 1; set < 1 << _modules; set++)
        {
            for (var m = 0; m < _modules; m++)
            {
                if ((set & (1 << m)) != 0)
                {
                    yield return (set, m, set & ~(1 << m));
                }
            }
        }
    }

    private static List<(double Latency, double Energy)> Pareto(List<(double Latency, double Energy)> labels)
    {
        var kept = new List<(double Latency, double Energy)>();
        foreach (var label in labels.OrderBy(l => l.Latency).ThenBy(l => l.Energy))
        {
            if (kept.Count == 0 || label.Energy < kept[^1].Energy)
            {
                kept.Add(label);
            }
        }

        return kept;
    }

    private bool StageFits(int m, int start, int end, bool first)
    {
        var module = _problem.Modules[m];
        var attested = module.IsAttested || _problem.Constraints.Attestation == AttestationRequirement.None || (_problem.Constraints.Attestation == AttestationRequirement.FirstStage && !first);
        return module.IsAllowed && attested
            && _blocked[m][end] == _blocked[m][start]
            && _memory[m][end] - _memory[m][start] <= module.MemoryCapacityBytes;
    }

    private double TransferMs(int boundary, int from, int to) => _transferMs[boundary, from, to];
}
