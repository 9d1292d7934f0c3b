using Vedliot.Runtime.Platform;

namespace Vedliot.Accelerators.Fpga;

/// <summary>The bitstream manifests of one folder (<c>fpga/bitstreams/*.yaml</c>), and the choice among them.</summary>
public sealed class BitstreamCatalog
{
    private BitstreamCatalog(string directory, IReadOnlyList<BitstreamManifest> manifests)
    {
        Directory = directory;
        Manifests = manifests;
    }

    /// <summary>The folder the manifests were read from.</summary>
    public string Directory { get; }

    /// <summary>The manifests, ordered by name.</summary>
    public IReadOnlyList<BitstreamManifest> Manifests { get; }

    /// <summary>Reads every <c>*.yaml</c> and <c>*.yml</c> manifest in <paramref name="directory"/>.</summary>
    /// <exception cref="BitstreamManifestException">The folder does not exist, a manifest is invalid, or two share a name.</exception>
    public static BitstreamCatalog Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new BitstreamManifestException(directory, 0, null, "the bitstream catalogue folder does not exist");
        }

        var manifests = new Dictionary<string, BitstreamManifest>(StringComparer.Ordinal);
        var files = System.IO.Directory.EnumerateFiles(directory, "*.yaml").Concat(System.IO.Directory.EnumerateFiles(directory, "*.yml"));
        foreach (var file in files.Order(StringComparer.Ordinal))
        {
            var manifest = BitstreamManifestReader.Read(file);
            if (!manifests.TryAdd(manifest.Name, manifest))
            {
                throw new BitstreamManifestException(file, 1, "name", $"'{manifest.Name}' is also the name of {manifests[manifest.Name].ManifestPath}");
            }
        }

        return new BitstreamCatalog(directory, manifests.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Picks the bitstream for an FPGA part that runs every operator of a partition in the given precision:
    /// the one with the highest peak throughput, then the lowest published power, then the first by name.
    /// </summary>
    /// <exception cref="NoMatchingBitstreamException">None targets the part, or none that does runs the partition; the message says what each lacks.</exception>
    public BitstreamManifest Select(string targetPart, IEnumerable<string> operators, Precision precision)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(targetPart);
        ArgumentNullException.ThrowIfNull(operators);
        var needed = operators.Distinct(StringComparer.Ordinal).ToList();
        var forPart = Manifests.Where(m => string.Equals(m.TargetPart, targetPart, StringComparison.OrdinalIgnoreCase)).ToList();
        if (forPart.Count == 0)
        {
            var parts = Manifests.Select(m => m.TargetPart).Distinct(StringComparer.OrdinalIgnoreCase);
            throw new NoMatchingBitstreamException(targetPart, $"the catalogue in {Directory} targets only: {string.Join(", ", parts)}");
        }

        var fitting = forPart.Where(m => m.Precisions.Contains(precision) && needed.All(m.Operators.Contains)).ToList();
        if (fitting.Count == 0)
        {
            var reasons = forPart.Select(m => $"{m.Name} lacks {string.Join(", ", Lacks(m, needed, precision))}");
            throw new NoMatchingBitstreamException(targetPart, string.Join("; ", reasons));
        }

        return fitting
            .OrderByDescending(m => m.PeakOpsPerSecond)
            .ThenBy(m => m.PowerWatts ?? double.MaxValue)
            .ThenBy(m => m.Name, StringComparer.Ordinal)
            .First();
    }

    private static IEnumerable<string> Lacks(BitstreamManifest manifest, List<string> operators, Precision precision)
    {
        if (!manifest.Precisions.Contains(precision))
        {
            yield return $"precision {precision}";
        }

        foreach (var op in operators.Where(op => !manifest.Operators.Contains(op)))
        {
            yield return $"operator {op}";
        }
    }
}
