using Vedliot.Testing;
using Vedliot.UseCases.Automotive.Ocr;

namespace Vedliot.UseCases.Automotive.Tests;

/// <summary>PP-OCRv4's models in process, shared by the tests of a class (opening them takes a second).</summary>
public sealed class OcrModels : IDisposable
{
    public OcrModels()
    {
        Files = OcrModelFiles.In(RepositoryPaths.Deps);
        Models = Files.OpenInProcess();
        Keys = CharacterKeys.Load(Files.Keys);
        Reader = new OcrReader(Models, Keys, new OcrReaderOptions());
    }

    public OcrModelFiles Files { get; }

    public InProcessOcrModels Models { get; }

    public CharacterKeys Keys { get; }

    public OcrReader Reader { get; }

    public void Dispose() => Models.Dispose();
}
