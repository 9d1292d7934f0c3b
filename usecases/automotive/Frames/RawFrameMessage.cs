using Vedliot.Messaging.Packets;
using Vedliot.Messaging.Tensors;
using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive.Frames;

/// <summary>
/// A raw camera frame over MQTT: one tensor frame (<see cref="TensorMessages"/>, content type
/// <c>application/vnd.vedliot.tensor-frame.v1</c>) of <see cref="TensorElementType.UInt8"/> samples shaped
/// [height, width, 3], rows top to bottom, each pixel red, green, blue: the layout cameras and OpenCV hand over,
/// in RGB order.
/// </summary>
public static class RawFrameMessage
{
    /// <summary>The message carrying <paramref name="frame"/>.</summary>
    /// <param name="topic">The camera's topic.</param>
    /// <param name="frame">The frame.</param>
    /// <returns>A QoS 0 message: a late frame is worth less than the next one.</returns>
    public static MqttApplicationMessage Create(string topic, RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return TensorMessages.Create(topic, new TensorFrame { ElementType = TensorElementType.UInt8, Shape = [frame.Height, frame.Width, 3], Data = frame.Pixels });
    }

    /// <summary>The frame a message carries, copied out of it.</summary>
    /// <param name="message">A received message.</param>
    /// <param name="limits">Size limits, checked before the pixels are copied.</param>
    /// <returns>The frame.</returns>
    /// <exception cref="FrameException">Not a tensor frame, not UInt8 [H, W, 3], or over the limits (the message names the topic).</exception>
    public static RgbImage Read(MqttApplicationMessage message, FrameLimits limits)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(limits);
        if (message.Payload.Length > limits.MaxBytes)
        {
            throw new FrameException($"{message.Topic}: a frame message of {message.Payload.Length} bytes is over the limit of {limits.MaxBytes}");
        }

        TensorFrame tensor;
        try
        {
            tensor = TensorMessages.Read(message);
        }
        catch (TensorFrameException e)
        {
            throw new FrameException($"{message.Topic}: not a raw frame: {e.Message}", e);
        }

        if (tensor.ElementType != TensorElementType.UInt8 || tensor.Shape.Count != 3 || tensor.Shape[2] != 3)
        {
            throw new FrameException($"{message.Topic}: a raw frame is UInt8 [height, width, 3]; this one is {tensor.ElementType} [{string.Join(", ", tensor.Shape)}]");
        }

        limits.CheckSize(message.Topic, tensor.Shape[1], tensor.Shape[0]);
        return new RgbImage((int)tensor.Shape[1], (int)tensor.Shape[0], tensor.Data.ToArray());
    }
}
