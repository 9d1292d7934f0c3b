namespace Vedliot.Bootstrap.Tests;

/// <summary>eng/bootstrap/apt-resolve.sh against recorded <c>apt-cache policy</c> outputs (see Fixtures/README.md).</summary>
public sealed class AptResolutionTests
{
    private const string Hint = "run apt-get update, or check the apt sources";

    [Fact]
    public async Task Pinned_revision_replaced_by_a_newer_one_resolves_to_it()
    {
        var result = await BootstrapScript.ResolveAsync("mosquitto=2.0.11", "mosquitto-revision-replaced.policy");

        AssertResolved("2.0.11-1.2+deb12u3", result);
    }

    [Fact]
    public async Task Changed_upstream_fails_with_one_line_naming_the_package_the_wanted_and_the_offered_versions()
    {
        var result = await BootstrapScript.ResolveAsync("mosquitto=2.0.11", "mosquitto-upstream-changed.policy");

        AssertFailed("bootstrap: mosquitto: upstream 2.0.11 wanted, offered: 2.0.18-1, 2.0.15-2", result);
    }

    [Fact]
    public async Task A_package_without_a_pin_takes_the_candidate_of_its_two_sources()
    {
        var result = await BootstrapScript.ResolveAsync("chromium", "bookworm.policy");

        AssertResolved("156.0.8078.114-1~deb12u1", result);
    }

    [Fact]
    public async Task A_pin_without_an_epoch_matches_any_epoch_and_resolves_to_the_version_with_it()
    {
        var result = await BootstrapScript.ResolveAsync("imagemagick=6.9.11.60+dfsg", "imagemagick-epoch.policy");

        AssertResolved("8:6.9.11.60+dfsg-1.6+deb12u16", result);
    }

    [Fact]
    public async Task A_pin_with_an_epoch_matches_that_epoch()
    {
        var result = await BootstrapScript.ResolveAsync("imagemagick=8:6.9.11.60+dfsg", "imagemagick-epoch.policy");

        AssertResolved("8:6.9.11.60+dfsg-1.6+deb12u16", result);
    }

    [Fact]
    public async Task A_pin_with_another_epoch_fails_with_the_versions_offered()
    {
        var result = await BootstrapScript.ResolveAsync("imagemagick=7:6.9.11.60+dfsg", "imagemagick-epoch.policy");

        AssertFailed("bootstrap: imagemagick: upstream 7:6.9.11.60+dfsg wanted, offered: 8:6.9.11.60+dfsg-1.6+deb12u16, 8:6.9.11.60+dfsg-1.6+deb12u11", result);
    }

    [Fact]
    public async Task Several_matching_revisions_resolve_to_the_highest_when_the_candidate_is_another_upstream()
    {
        // deb12u10 is higher than deb12u9 in Debian's ordering, lower as plain text.
        var result = await BootstrapScript.ResolveAsync("mosquitto=2.0.11", "mosquitto-candidate-another-upstream.policy");

        AssertResolved("2.0.11-1.2+deb12u10", result);
    }

    [Fact]
    public async Task A_candidate_of_the_pinned_upstream_is_taken_over_a_higher_revision_apt_would_not_pick()
    {
        var result = await BootstrapScript.ResolveAsync("mosquitto=2.0.11", "mosquitto-candidate-below-a-backport.policy");

        AssertResolved("2.0.11-1.2+deb12u2", result);
    }

    [Theory]
    [InlineData("mosquitto=2.0.11", "2.0.11-1.2+deb12u2")]
    [InlineData("mosquitto-clients=2.0.11", "2.0.11-1.2+deb12u2")]
    [InlineData("swtpm=0.7.1", "0.7.1-1.3")]
    [InlineData("swtpm-tools=0.7.1", "0.7.1-1.3")]
    [InlineData("tpm2-tools=5.4", "5.4-1")]
    [InlineData("libonnx-dev=1.12.0", "1.12.0-2+b4")]
    [InlineData("libonnx-testdata=1.12.0", "1.12.0-2")]
    [InlineData("espeak-ng", "1.51+dfsg-10+deb12u2")]
    public async Task Each_package_of_an_output_for_several_is_resolved_from_its_own_block(string spec, string expected)
    {
        var result = await BootstrapScript.ResolveAsync(spec, "bookworm.policy");

        AssertResolved(expected, result);
    }

    [Fact]
    public async Task A_package_unknown_to_apt_fails_with_one_line()
    {
        var result = await BootstrapScript.ResolveAsync("mosquitto-broker=2.0.11", "bookworm.policy");

        AssertFailed($"bootstrap: mosquitto-broker: unknown to apt ({Hint})", result);
    }

    [Fact]
    public async Task On_a_machine_never_updated_a_package_is_unknown_to_apt()
    {
        var result = await BootstrapScript.ResolveAsync("mosquitto=2.0.11", "never-updated.policy");

        AssertFailed($"bootstrap: mosquitto: unknown to apt ({Hint})", result);
    }

    [Fact]
    public async Task A_package_without_a_candidate_fails_with_one_line()
    {
        var result = await BootstrapScript.ResolveAsync("mail-transport-agent", "virtual-package.policy");

        AssertFailed($"bootstrap: mail-transport-agent: apt's candidate wanted, offered: none (Candidate: (none); {Hint})", result);
    }

    [Fact]
    public async Task A_pinned_package_with_an_empty_version_table_fails_with_one_line()
    {
        var result = await BootstrapScript.ResolveAsync("mail-transport-agent=1.0", "virtual-package.policy");

        AssertFailed($"bootstrap: mail-transport-agent: upstream 1.0 wanted, offered: none (Candidate: (none); {Hint})", result);
    }

    [Theory]
    [InlineData("1.51+dfsg-10+deb12u2", "1.51+dfsg")]
    [InlineData("156.0.8078.114-1~deb12u1", "156.0.8078.114")]
    [InlineData("8:6.9.11.60+dfsg-1.6+deb12u16", "6.9.11.60+dfsg")]
    [InlineData("1:2.0-rc1-3", "2.0-rc1")]
    [InlineData("5.4", "5.4")]
    public async Task The_upstream_version_drops_the_epoch_and_the_debian_revision(string version, string upstream)
    {
        var result = await BootstrapScript.RunAsync("eng/bootstrap/apt-resolve.sh", "--upstream", version);

        AssertResolved(upstream, result);
    }

    [Theory]
    [InlineData("mosquitto=2.0.11", "2.0.11-1.2+deb12u2", true)]
    [InlineData("mosquitto=2.0.11", "2.0.11-1.2+deb12u3", true)]
    [InlineData("mosquitto=2.0.11", "2.0.18-1", false)]
    [InlineData("mosquitto=2.0.11", "2.0.110-1", false)]
    [InlineData("chromium", "156.0.8078.114-1~deb12u1", true)]
    [InlineData("imagemagick=6.9.11.60+dfsg", "8:6.9.11.60+dfsg-1.6+deb12u16", true)]
    [InlineData("imagemagick=8:6.9.11.60+dfsg", "6.9.11.60+dfsg-1", false)]
    public async Task An_installed_version_satisfies_a_pin_of_its_upstream(string spec, string installed, bool satisfies)
    {
        var result = await BootstrapScript.RunAsync("eng/bootstrap/apt-resolve.sh", "--satisfies", spec, installed);

        Assert.Equal(satisfies ? 0 : 1, result.ExitCode);
        Assert.Empty(result.Error);
    }

    private static void AssertResolved(string expected, ScriptResult result)
    {
        Assert.Equal(string.Empty, result.Error);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected + "\n", result.Output);
    }

    private static void AssertFailed(string expectedLine, ScriptResult result)
    {
        Assert.Equal(expectedLine + "\n", result.Error);
        Assert.Equal(1, result.ExitCode);
        Assert.Empty(result.Output);
    }
}
