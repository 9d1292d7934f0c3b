using System.Device.I2c;

namespace Vedliot.UseCases.Industrial.Tests;

/// <summary>
/// An MPU-6500 on a simulated I2C bus: a register file with auto-increment, WHO_AM_I = 0x70, and a FIFO
/// (FIFO_COUNT_H/L at 0x72/0x73, FIFO_R_W at 0x74) fed with accelerometer samples, 512 bytes at most at a time, as the
/// chip fills it between polls. Samples are big-endian counts at the range ACCEL_CONFIG (0x1C) selects.
/// </summary>
internal sealed class SimulatedMpu6500(Queue<(float X, float Y, float Z)> samples) : I2cSimulatedDeviceBase(new I2cConnectionSettings(1, 0x68))
{
    private const byte AccelConfig = 0x1C;
    private const byte UserControl = 0x6A;
    private const byte PowerManagement1 = 0x6B;
    private const byte FifoCountHigh = 0x72;
    private const byte FifoReadWrite = 0x74;
    private const byte WhoAmI = 0x75;
    private readonly byte[] _registers = new byte[128];
    private readonly Queue<byte> _fifo = new();

    public int SamplesLeft => samples.Count;

    public override void WriteRead(byte[] inputBuffer, byte[] outputBuffer)
    {
        if (inputBuffer.Length > 0)
        {
            CurrentRegister = inputBuffer[0];
            for (var i = 1; i < inputBuffer.Length; i++)
            {
                Store((byte)(CurrentRegister + i - 1), inputBuffer[i]);
            }
        }

        if (outputBuffer.Length > 0 && CurrentRegister == FifoCountHigh)
        {
            Fill();
        }

        for (var i = 0; i < outputBuffer.Length; i++)
        {
            outputBuffer[i] = CurrentRegister == FifoReadWrite ? _fifo.Dequeue() : Load((byte)(CurrentRegister + i));
        }
    }

    private void Store(byte register, byte value)
    {
        // Resets (device, FIFO) complete at once.
        _registers[register & 0x7F] = register == PowerManagement1 ? (byte)(value & 0x7F) : register == UserControl ? (byte)(value & ~0x04) : value;
        if (register == UserControl && (value & 0x04) != 0)
        {
            _fifo.Clear();
        }
    }

    private byte Load(byte register) => register switch
    {
        WhoAmI => 0x70,
        FifoCountHigh => (byte)(_fifo.Count >> 8),
        FifoCountHigh + 1 => (byte)_fifo.Count,
        _ => _registers[register & 0x7F],
    };

    private void Fill()
    {
        var countsPerG = 32768.0 / (2 << ((_registers[AccelConfig] >> 3) & 3));
        while (_fifo.Count + 6 <= 512 && samples.TryDequeue(out var sample))
        {
            foreach (var g in new[] { sample.X, sample.Y, sample.Z })
            {
                var counts = (short)Math.Clamp(Math.Round(g * countsPerG), short.MinValue, short.MaxValue);
                _fifo.Enqueue((byte)(counts >> 8));
                _fifo.Enqueue((byte)counts);
            }
        }
    }
}
