namespace Vedliot.Hosting.LocalPlatform;

/// <summary>
/// Files only the running user may read: passwords, ACLs and private keys of the local platform are created with
/// mode 0600 (never world-readable, not even for a moment), inside the run's 0700 folder.
/// </summary>
internal static class PrivateFiles
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates or replaces <paramref name="path"/> with <paramref name="text"/>, mode 0600.</summary>
    public static void WriteAllText(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, text); // the local platform's programs (mosquitto, swtpm) are Linux ones anyway
            return;
        }

        using (var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        // An existing file keeps its mode on FileMode.Create; make sure.
        File.SetUnixFileMode(path, OwnerOnly);
    }

    /// <summary>Sets <paramref name="path"/> (written by another program) to mode 0600.</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }
}
