namespace Vedliot.UseCases.Automotive.Frames;

/// <summary>The frames a path names: a file is one frame; a folder is a stream of its PNG and JPEG files (not its subfolders), in name order.</summary>
public static class FrameFiles
{
    /// <summary>The files of <paramref name="path"/>.</summary>
    /// <param name="path">A file or folder.</param>
    /// <param name="limits">At most <see cref="FrameLimits.MaxFilesPerFolder"/> files are taken from a folder.</param>
    /// <returns>Full paths, in order.</returns>
    /// <exception cref="FrameException">Nothing is there, the folder holds no PNG or JPEG, or more than the limit.</exception>
    public static IReadOnlyList<string> List(string path, FrameLimits limits)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            return [full];
        }

        if (!Directory.Exists(full))
        {
            throw new FrameException($"{full}: no such file or folder");
        }

        List<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(full).Where(ImageFileDecoder.HasImageExtension).Take(limits.MaxFilesPerFolder + 1).Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FrameException($"{full}: cannot be listed: {e.Message}", e);
        }

        return files.Count switch
        {
            0 => throw new FrameException($"{full}: the folder holds no .png, .jpg or .jpeg file"),
            _ when files.Count > limits.MaxFilesPerFolder => throw new FrameException($"{full}: more than {limits.MaxFilesPerFolder} image files; give a smaller folder"),
            _ => files,
        };
    }
}
