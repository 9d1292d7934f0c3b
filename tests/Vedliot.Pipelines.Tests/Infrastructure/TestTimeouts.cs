namespace Vedliot.Pipelines.Tests.Infrastructure;

public static class TestTimeouts
{
    /// <summary>How long a test waits on real I/O before failing (never a pause: every wait ends on the event).</summary>
    public static readonly TimeSpan Safety = TimeSpan.FromSeconds(30);
}
