using Xunit.Abstractions;

namespace Vedliot.Fuzzing.Tests;

/// <summary>
/// The bounded fuzzing CI runs: every target, a fixed number of inputs from a fixed seed, so every run
/// feeds the same inputs. A finding (an undocumented exception, an allocation its input cannot explain,
/// a slow input) fails the test with the input in hex; replay it with
/// <c>dotnet fuzz/Vedliot.Fuzz/bin/Debug/net10.0/Vedliot.Fuzz.dll replay TARGET --hex HEX</c>.
/// </summary>
public sealed class BoundedCampaignTests(ITestOutputHelper output)
{
    /// <summary>Inputs per target: about 1–4 s each on this project's 2-core machines.</summary>
    public const int InputsPerTarget = 4000;

    /// <summary>The mutation seed.</summary>
    public const int Seed = 20261203;

    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Bounded_campaign_finds_nothing_and_reaches_both_acceptance_and_rejection(string name)
    {
        var result = Campaign.Run(FuzzTargets.Get(name), InputsPerTarget, Seed);
        output.WriteLine(result.ToString());
        Assert.True(result.Findings.Count == 0, $"{result}\n{string.Join("\n\n", result.Findings)}");
        Assert.Equal(InputsPerTarget, result.Inputs);
        Assert.True(result.Accepted > 0, result.ToString());
        if (name != "error-reply")
        {
            // ErrorReply.Read is documented to accept every payload (its text becomes the message); every other
            // parser must have been driven into several of its checks.
            Assert.True(result.Accepted < result.Inputs, result.ToString());
            Assert.True(result.Outcomes > 3, result.ToString());
        }
    }

    [Fact]
    public void Campaigns_are_deterministic()
    {
        var target = FuzzTargets.Get("tensor-bundle");
        Assert.Equal(Campaign.Run(target, 500, Seed).ToString(), Campaign.Run(target, 500, Seed).ToString());
    }

    [Fact]
    public void Every_seed_of_every_target_is_accepted()
    {
        foreach (var target in FuzzTargets.All)
        {
            foreach (var seed in target.Seeds())
            {
                var outcome = FuzzGuard.Run(target, seed);
                Assert.True(outcome is "accepted" or "cleared", $"{target.Name}: seed {Convert.ToHexString(seed)} gave {outcome}");
            }
        }
    }

    [Fact]
    public void An_unknown_target_name_lists_the_targets()
    {
        var ex = Assert.Throws<ArgumentException>(() => FuzzTargets.Get("nope"));
        Assert.Contains("mqtt", ex.Message, StringComparison.Ordinal);
    }
}
