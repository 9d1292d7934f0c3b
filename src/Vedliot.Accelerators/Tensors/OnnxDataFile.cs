using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Vedliot.Accelerators.Tensors;

/// <summary>
/// Reads the .pb value files of ONNX's backend test data: a TensorProto, or for sequence-typed values a
/// SequenceProto of tensors (onnx-data.proto, which libonnx-dev does not ship as a .proto file, so its
/// few fields are decoded here by number).
/// </summary>
public static class OnnxDataFile
{
    // SequenceProto field numbers and its elem_type value for tensors (onnx-data.proto).
    private const int SequenceNameField = 1;
    private const int SequenceElementTypeField = 2;
    private const int SequenceTensorValuesField = 3;
    private const int SequenceOfTensors = 1;

    /// <summary>Reads the value in <paramref name="path"/>, decoding it as <paramref name="declaredType"/> says.</summary>
    /// <returns>A value the caller owns and disposes.</returns>
    /// <exception cref="TensorFileException">The file is missing, corrupt, or holds a kind of value that is not supported.</exception>
    public static OrtValue Read(string path, TypeProto? declaredType)
    {
        return declaredType?.ValueCase switch
        {
            TypeProto.ValueOneofCase.SequenceType => ReadSequence(path),
            TypeProto.ValueOneofCase.OptionalType or TypeProto.ValueOneofCase.MapType or TypeProto.ValueOneofCase.SparseTensorType =>
                throw new TensorFileException(path, $"values of type {Runtime.Models.TensorTypes.Describe(declaredType)} are not supported (tensors and sequences of tensors are)"),
            _ => ReadTensor(path, declaredType),
        };
    }

    private static OrtValue ReadTensor(string path, TypeProto? declaredType)
    {
        // NumPy has no bfloat16, so ONNX's test data stores bfloat16 tensors as uint16 bit patterns.
        var tensor = TensorProtoConverter.ReadProto(path);
        if (declaredType?.TensorType?.ElemType == (int)TensorProto.Types.DataType.Bfloat16 && tensor.DataType == (int)TensorProto.Types.DataType.Uint16)
        {
            tensor.DataType = (int)TensorProto.Types.DataType.Bfloat16;
        }

        return TensorProtoConverter.ToOrtValue(tensor, path);
    }

    private static OrtValue ReadSequence(string path)
    {
        if (!File.Exists(path))
        {
            throw new TensorFileException(path, "file not found");
        }

        var elements = new List<OrtValue>();
        try
        {
            var input = new CodedInputStream(File.ReadAllBytes(path));
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case SequenceNameField:
                        input.ReadString();
                        break;
                    case SequenceElementTypeField:
                        var elementType = input.ReadInt32();
                        if (elementType != SequenceOfTensors)
                        {
                            throw new TensorFileException(path, $"SequenceProto.elem_type {elementType} is not supported (only sequences of tensors are)");
                        }

                        break;
                    case SequenceTensorValuesField:
                        var tensor = new TensorProto();
                        input.ReadMessage(tensor);
                        elements.Add(TensorProtoConverter.ToOrtValue(tensor, path));
                        break;
                    default:
                        input.SkipLastField();
                        break;
                }
            }

            if (elements.Count == 0)
            {
                throw new TensorFileException(path, "the sequence is empty; ONNX Runtime cannot build an empty sequence without an element type");
            }

            return OrtValue.CreateSequence(elements);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new TensorFileException(path, $"not a valid ONNX SequenceProto: the protobuf data is truncated or corrupt ({e.Message})", e);
        }
        finally
        {
            foreach (var element in elements)
            {
                element.Dispose();
            }
        }
    }
}
