using System.Diagnostics;
using System.Text.Json;

namespace Vedliot.UseCases.SmartHome.Tests.HomeAssistant;

/// <summary>
/// Renders a Home Assistant MQTT template (<c>value_template</c> and the like) with Jinja2, the engine Home Assistant
/// runs them in (python3-jinja2, its sandboxed environment as Home Assistant uses), given the message's payload as
/// <c>value</c> and, parsed, as <c>value_json</c>.
/// </summary>
public static class JinjaTemplates
{
    private const string Script = """
        import json, sys
        from jinja2.sandbox import ImmutableSandboxedEnvironment
        request = json.load(sys.stdin)
        value = request["value"]
        environment = ImmutableSandboxedEnvironment()
        sys.stdout.write(environment.from_string(request["template"]).render(value=value, value_json=json.loads(value)))
        """;

    /// <summary>The template rendered over <paramref name="payload"/>.</summary>
    public static async Task<string> RenderAsync(string template, string payload)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        using var python = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start");
        await python.StandardInput.WriteAsync(JsonSerializer.Serialize(new { template, value = payload }));
        python.StandardInput.Close();
        var output = python.StandardOutput.ReadToEndAsync();
        var error = python.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await python.WaitForExitAsync(timeout.Token);
        Assert.True(python.ExitCode == 0, $"Jinja2 could not render {template}: {await error}");
        return await output;
    }
}
