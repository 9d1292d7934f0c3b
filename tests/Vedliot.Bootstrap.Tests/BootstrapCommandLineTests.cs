using System.Text.RegularExpressions;

namespace Vedliot.Bootstrap.Tests;

/// <summary>eng/bootstrap.sh's options that install nothing.</summary>
public sealed class BootstrapCommandLineTests
{
    [Fact]
    public async Task Versions_prints_the_sdk_onnx_runtime_and_one_line_per_apt_and_npm_package_of_both_sets()
    {
        var result = await BootstrapScript.RunAsync("eng/bootstrap.sh", "--versions");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Error);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(21, lines.Length);
        Assert.All(lines, line => Assert.Matches(@"^(main|tests|fuzz) +(sdk|nuget|apt|npm) +\S+ +\S", line));
        Assert.Matches(@"^main +sdk +dotnet +10\.", lines[0]);
        Assert.Matches(@"^main +nuget +Microsoft\.ML\.OnnxRuntime +1\.32\.0 +exactly 1\.32\.0", lines[1]);
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^main +apt +mosquitto +.+ upstream 2\.0\.11"));
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^tests +apt +chromium +.+ any version"));
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^tests +npm +mqtt +.+ exactly 5\.16\.0"));
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^tests +npm +sparkplug-payload +.+ exactly 1\.0\.3"));
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^main +apt +imagemagick +.+ any version"));
        Assert.Contains(lines, line => Regex.IsMatch(line, @"^fuzz +apt +afl\+\+ +.+ any version"));
    }

    [Fact]
    public async Task An_unknown_option_fails_with_the_usage_and_exit_code_2()
    {
        var result = await BootstrapScript.RunAsync("eng/bootstrap.sh", "--test");

        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Equal("usage: eng/bootstrap.sh [--tests | --fuzz | --versions]\nbootstrap: unknown option '--test'\n", result.Error);
    }
}
