using System.Globalization;

namespace Vedliot.Fuzzing;

/// <summary>What a bounded campaign on one target did.</summary>
/// <param name="Target">The target's name.</param>
/// <param name="Inputs">Inputs run (seeds included).</param>
/// <param name="Accepted">Inputs the parser accepted.</param>
/// <param name="Outcomes">Distinct outcomes (accepted, and each distinct rejection) seen.</param>
/// <param name="CorpusSize">Seeds plus the inputs kept for reaching a new outcome.</param>
/// <param name="Findings">Inputs that were findings, each with what escaped, in the order found (at most <see cref="Campaign.MaximumFindings"/>).</param>
public sealed record CampaignResult(string Target, int Inputs, int Accepted, int Outcomes, int CorpusSize, IReadOnlyList<string> Findings)
{
    /// <summary>One line for logs.</summary>
    /// <returns>The summary.</returns>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Target}: {Inputs} inputs, {Accepted} accepted, {Inputs - Accepted - Findings.Count} rejected as documented, {Outcomes} distinct outcomes, corpus {CorpusSize}, {Findings.Count} findings");
}

/// <summary>
/// The bounded, deterministic campaign that CI runs: a fixed number of inputs per target from a fixed seed,
/// mutating the seed corpus and keeping every input that reaches an outcome not seen before (a distinct
/// rejection message is a distinct check in the parser: cheap feedback without instrumentation). Longer,
/// coverage-guided runs use afl-fuzz (eng/fuzz.sh).
/// </summary>
public static class Campaign
{
    /// <summary>Most findings recorded per target; the campaign goes on counting after that.</summary>
    public const int MaximumFindings = 20;

    /// <summary>Largest corpus kept per target.</summary>
    public const int MaximumCorpus = 512;

    /// <summary>Runs <paramref name="inputs"/> inputs on <paramref name="target"/>.</summary>
    /// <param name="target">The target.</param>
    /// <param name="inputs">How many inputs, seeds included.</param>
    /// <param name="seed">The mutation seed.</param>
    /// <returns>What happened.</returns>
    public static CampaignResult Run(FuzzTarget target, int inputs, int seed)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegative(inputs);
        var corpus = target.Seeds().ToList();
        if (corpus.Count == 0)
        {
            throw new InvalidOperationException($"Fuzz target '{target.Name}' has no seeds.");
        }

        var seedCount = corpus.Count;
        var mutator = new Mutator(seed);
        var outcomes = new HashSet<string>(StringComparer.Ordinal);
        var findings = new List<string>();
        var (accepted, found) = (0, 0);
        for (var i = 0; i < inputs; i++)
        {
            var input = i < seedCount
                ? corpus[i]
                : mutator.Mutate(corpus[mutator.Next(corpus.Count)], corpus[mutator.Next(corpus.Count)]);
            string outcome;
            try
            {
                outcome = FuzzGuard.Run(target, input);
            }
#pragma warning disable CA1031 // Anything that escapes the target is what a fuzzer looks for.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                found++;
                if (findings.Count < MaximumFindings)
                {
                    findings.Add($"input {i} ({input.Length} bytes, hex {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 512)))}): {ex.GetType().FullName}: {ex.Message}\n{ex.StackTrace}");
                }

                continue;
            }

            if (outcome == "accepted")
            {
                accepted++;
            }

            if (outcomes.Add(outcome) && corpus.Count < MaximumCorpus && i >= seedCount)
            {
                corpus.Add(input);
            }
        }

        return new CampaignResult(target.Name, inputs, accepted, outcomes.Count, corpus.Count, findings);
    }
}
