using System.Globalization;

namespace Vedliot.Deployment.Benchmarks;

/// <summary>
/// CPU time of the machine and of its processes between two moments, read from procfs (Linux), to show where
/// the cores went during a phase: the node agents, the broker, this process (the app's client; the orchestrator, off the request path),
/// the kernel's interrupt work (loopback networking), and every other process on the machine.
/// </summary>
internal sealed class CpuAccounting
{
    private const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux architecture .NET runs on

    private readonly IReadOnlyList<(string Name, int Pid)> _named;
    private readonly MachineTicks _machineStart;
    private readonly Dictionary<int, (string Command, long Ticks)> _processStart;
    private readonly long _started;

    private CpuAccounting(IReadOnlyList<(string Name, int Pid)> named)
    {
        _named = named;
        _machineStart = Machine();
        _processStart = AllProcesses();
        _started = Environment.TickCount64;
    }

    public static bool IsAvailable => File.Exists("/proc/stat");

    public static CpuAccounting Start(IReadOnlyList<(string Name, int Pid)> named) => new(named);

    /// <summary>The process ids whose command line contains <paramref name="text"/> (e.g. the broker's configuration file).</summary>
    public static IEnumerable<int> ProcessesWhoseCommandLineContains(string text)
    {
        foreach (var pid in ProcessIds())
        {
            if (TryRead($"/proc/{pid}/cmdline")?.Replace('\0', ' ').Contains(text, StringComparison.Ordinal) == true)
            {
                yield return pid;
            }
        }
    }

    /// <summary>CPU time a process has used so far, in milliseconds (10 ms resolution), or 0 once it has ended.</summary>
    public static double ProcessCpuMs(int pid) =>
        TryRead($"/proc/{pid}/stat") is { } stat && stat.LastIndexOf(')') is var close and > 0 ? Ticks(stat[(close + 2)..].Split(' ')) * 1000 / TicksPerSecond : 0;

    /// <summary>
    /// CPU time the calling thread has used so far, in milliseconds: from /proc/thread-self/schedstat (nanoseconds on
    /// the CPU, as the scheduler counts them) where the kernel has it, else from its stat (10 ms ticks).
    /// </summary>
    public static double ThreadCpuMs()
    {
        if (TryRead("/proc/thread-self/schedstat") is { } schedstat
            && long.TryParse(schedstat.AsSpan(0, Math.Max(0, schedstat.IndexOf(' ', StringComparison.Ordinal))), NumberStyles.None, CultureInfo.InvariantCulture, out var nanoseconds))
        {
            return nanoseconds / 1e6;
        }

        return TryRead("/proc/thread-self/stat") is { } stat && stat.LastIndexOf(')') is var close and > 0 ? Ticks(stat[(close + 2)..].Split(' ')) * 1000 / TicksPerSecond : double.NaN;
    }

    /// <summary>The fraction of the machine idle over <paramref name="interval"/>, from /proc/stat.</summary>
    public static async Task<double> IdleFractionAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        var start = Machine();
        await Task.Delay(interval, cancellationToken);
        var end = Machine();
        return end.Total == start.Total ? 1 : (double)(end.Idle - start.Idle) / (end.Total - start.Total);
    }

    /// <summary>Cores used since the start: by the whole machine, its interrupt handling, each named process, and the busiest others.</summary>
    public CpuUse Stop()
    {
        var seconds = (Environment.TickCount64 - _started) / 1000.0;
        var machine = Machine();
        var processes = AllProcesses();
        var cores = Environment.ProcessorCount;
        var elapsed = machine.Total - _machineStart.Total;
        double Share(long ticks) => elapsed == 0 ? 0 : (double)ticks / elapsed * cores;
        double Cores(int pid) => processes.TryGetValue(pid, out var end) ? (end.Ticks - _processStart.GetValueOrDefault(pid).Ticks) / TicksPerSecond / seconds : 0;

        var namedPids = _named.Select(p => p.Pid).ToHashSet();
        var others = processes.Where(p => !namedPids.Contains(p.Key))
            .Select(p => (Name: $"{p.Value.Command} (pid {p.Key})", Cores: Cores(p.Key)))
            .Where(p => p.Cores > 0)
            .OrderByDescending(p => p.Cores)
            .ToList();
        return new CpuUse(
            cores,
            seconds,
            Share(elapsed - (machine.Idle - _machineStart.Idle)),
            Share(machine.Interrupts - _machineStart.Interrupts),
            [.. _named.Select(p => (p.Name, Cores(p.Pid)))],
            others.Sum(p => p.Cores),
            [.. others.Take(3)]);
    }

    private static MachineTicks Machine()
    {
        // cpu  user nice system idle iowait irq softirq steal ...
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return new MachineTicks(fields.Sum(), fields[3] + fields[4], fields[5] + fields[6]);
    }

    private static Dictionary<int, (string Command, long Ticks)> AllProcesses()
    {
        var all = new Dictionary<int, (string, long)>();
        foreach (var pid in ProcessIds())
        {
            // "pid (comm) state ..."; after the parenthesised name, utime and stime are the 12th and 13th fields.
            if (TryRead($"/proc/{pid}/stat") is { } stat && stat.LastIndexOf(')') is var close and > 0)
            {
                var fields = stat[(close + 2)..].Split(' ');
                var command = stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..close];
                all[pid] = (command, Ticks(fields));
            }
        }

        return all;
    }

    private static long Ticks(string[] fieldsAfterCommand) =>
        long.Parse(fieldsAfterCommand[11], CultureInfo.InvariantCulture) + long.Parse(fieldsAfterCommand[12], CultureInfo.InvariantCulture);

    private static IEnumerable<int> ProcessIds() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : -1)
            .Where(pid => pid > 0);

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended meanwhile
        }
    }

    private readonly record struct MachineTicks(long Total, long Idle, long Interrupts);
}

/// <summary>Cores used over a phase.</summary>
/// <param name="MachineCores">The machine's cores.</param>
/// <param name="Seconds">The phase's length.</param>
/// <param name="BusyCores">Cores busy on average, everything included.</param>
/// <param name="InterruptCores">Cores spent in hard and soft interrupts (on loopback, much of the TCP work), charged to no process.</param>
/// <param name="Named">Cores used by each named process.</param>
/// <param name="OtherCores">Cores used by every other process.</param>
/// <param name="BusiestOthers">The other processes that used the most.</param>
internal sealed record CpuUse(int MachineCores, double Seconds, double BusyCores, double InterruptCores, IReadOnlyList<(string Name, double Cores)> Named, double OtherCores, IReadOnlyList<(string Name, double Cores)> BusiestOthers);
