namespace Vedliot.Runtime.Deployment.Protocol;

/// <summary>
/// MQTT 5 content types of the deployment protocol's messages: the content type says what a payload
/// is, so one topic can carry several kinds of command and reply.
/// </summary>
public static class ProtocolContentTypes
{
    /// <summary>A <see cref="NodeAnnouncement"/>.</summary>
    public const string Announcement = "application/vnd.vedliot.node-announcement+json";

    /// <summary>The command to start enrollment; the node replies with <see cref="EnrollmentRequest"/>.</summary>
    public const string EnrollBegin = "application/vnd.vedliot.enroll-begin+json";

    /// <summary>The node's enrollment request (EK certificate, EK and AK public areas).</summary>
    public const string EnrollmentRequest = "application/vnd.vedliot.enrollment-request+json";

    /// <summary>The credential challenge of enrollment.</summary>
    public const string EnrollmentChallenge = "application/vnd.vedliot.enrollment-challenge+json";

    /// <summary>The node's answer to the credential challenge.</summary>
    public const string EnrollmentResponse = "application/vnd.vedliot.enrollment-response+json";

    /// <summary>An attestation challenge (nonce and PCR selection).</summary>
    public const string AttestationChallenge = "application/vnd.vedliot.attestation-challenge+json";

    /// <summary>A quote with its measurement log.</summary>
    public const string AttestationEvidence = "application/vnd.vedliot.attestation-evidence+json";

    /// <summary>A <see cref="Protocol.StageAssignment"/>.</summary>
    public const string StageAssignment = "application/vnd.vedliot.stage-assignment+json";

    /// <summary>A <see cref="Protocol.StageLoaded"/>.</summary>
    public const string StageLoaded = "application/vnd.vedliot.stage-loaded+json";

    /// <summary>A <see cref="Protocol.StageRelease"/>; the node replies with the same message once released.</summary>
    public const string StageRelease = "application/vnd.vedliot.stage-release+json";

    /// <summary>An <see cref="Protocol.ArtefactRequest"/>.</summary>
    public const string ArtefactRequest = "application/vnd.vedliot.artefact-request+json";

    /// <summary>A model partition (ONNX protobuf bytes).</summary>
    public const string Artefact = "application/vnd.vedliot.artefact+onnx";

    /// <summary>A <see cref="Protocol.NodeHealth"/>.</summary>
    public const string Health = "application/vnd.vedliot.node-health+json";

    /// <summary>A <see cref="Protocol.DeploymentStatus"/>.</summary>
    public const string Status = "application/vnd.vedliot.deployment-status+json";

    /// <summary>An <see cref="Messaging.RequestResponse.ErrorReply"/>.</summary>
    public const string Error = Messaging.RequestResponse.ErrorReply.ContentType;
}
