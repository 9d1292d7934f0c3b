namespace Vedliot.Cli.Tests;

/// <summary>Runs the vedliot command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = VedliotCli.Invoke(args, output, error, TimeProvider.System);
        return (exitCode, output.ToString(), error.ToString());
    }
}
