using Vedliot.Accelerators.Probes;

namespace Vedliot.Accelerators.Energy;

/// <summary>Reads one integer sensor file for a meter, turning a missing or bad file into a failure message.</summary>
internal static class SysfsCounter
{
    public static bool TryRead(SysfsTree tree, string linuxPath, out long value, out string? failure)
    {
        value = 0;
        try
        {
            if (tree.TryReadInteger(linuxPath) is not { } read)
            {
                failure = $"{tree.PathOf(linuxPath)} is missing";
                return false;
            }

            value = read;
            failure = null;
            return true;
        }
        catch (SysfsReadException e)
        {
            failure = e.Message;
            return false;
        }
    }
}
