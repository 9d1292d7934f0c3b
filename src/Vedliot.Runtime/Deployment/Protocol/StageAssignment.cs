namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>The orchestrator gives a node one stage of a pipeline to run.</summary>
/// <param name="Key">Stage key, <c>{pipeline}/g{generation}/s{index}</c>; unique per deployment.</param>
/// <param name="Pipeline">The pipeline's name.</param>
/// <param name="PipelineId">Numeric pipeline id carried in tensor frames.</param>
/// <param name="Generation">Which placement of the pipeline this stage belongs to.</param>
/// <param name="StageIndex">Position in the pipeline, from 0.</param>
/// <param name="ArtefactName">The partition's file name, e.g. <c>embedding.s1.onnx</c>.</param>
/// <param name="ArtefactDigest">SHA-256 (hex) the fetched partition must have.</param>
/// <param name="ArtefactBytes">The partition's size.</param>
/// <param name="InputTopic">Where the stage's inputs arrive: for the first stage the manifest's input topic (apps publish there), for the others the previous stage's output topic.</param>
/// <param name="OutputTopic">Where it forwards its output bundles (the next stage's input topic), or null for the last stage, which answers instead.</param>
/// <param name="AnswerTopic">
/// The manifest's output topic: where the last stage answers, and any stage reports a failed request, when the request
/// names no response topic of its own. Answers and failure reports carry the request's correlation data.
/// </param>
/// <param name="InputNames">The partition's input tensor names, in order.</param>
/// <param name="OutputNames">The partition's output tensor names, in order.</param>
public sealed record StageAssignment(
    string Key,
    string Pipeline,
    ulong PipelineId,
    int Generation,
    int StageIndex,
    string ArtefactName,
    string ArtefactDigest,
    long ArtefactBytes,
    string InputTopic,
    string? OutputTopic,
    string AnswerTopic,
    IReadOnlyList<string> InputNames,
    IReadOnlyList<string> OutputNames);

/// <summary>A node's answer to a <see cref="StageAssignment"/>: fetched, checked, measured and loaded.</summary>
/// <param name="Key">The stage key.</param>
/// <param name="MeasuredDigest">SHA-256 (hex) extended into the node's measurement PCR for the partition.</param>
/// <param name="LoadMs">Time to load it on the accelerator.</param>
/// <param name="Backend">What runs it, e.g. <c>onnxruntime:CPU</c> or <c>emulated fpga (device model)</c>.</param>
public sealed record StageLoaded(string Key, string MeasuredDigest, double LoadMs, string Backend);

/// <summary>The orchestrator takes a stage away from a node (after a re-placement, or at shutdown).</summary>
/// <param name="Key">The stage key.</param>
public sealed record StageRelease(string Key);

/// <summary>A node asks for the artefact of a stage it was assigned.</summary>
/// <param name="Key">The stage key.</param>
/// <param name="Digest">The SHA-256 (hex) it was told to expect.</param>
public sealed record ArtefactRequest(string Key, string Digest);

