using System.Security.Cryptography;

namespace Vedliot.Attestation.Tests.Infrastructure;

public static class TestData
{
    /// <summary>Deterministic pseudo-random bytes for artefacts (not for keys or nonces).</summary>
    public static byte[] Bytes(int seed, int length)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    public static byte[] Sha256(byte[] data) => SHA256.HashData(data);

    /// <summary>A temporary directory deleted on dispose.</summary>
    public sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("vedliot-att-test-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
