namespace Vedliot.UseCases.SmartHome;

/// <summary>One "hey Jarvis" score from the wake-word pipeline.</summary>
/// <param name="RequestId">The number of the embedding sequence it scores within its detection (1 for the first).</param>
/// <param name="AudioEnd">Where, from the start of the audio, the 2 s of audio the sequence covers ends.</param>
/// <param name="Score">The model's score in [0, 1]; openWakeWord treats 0.5 and above as a detection.</param>
public sealed record WakeWordScore(ulong RequestId, TimeSpan AudioEnd, float Score);
