namespace Vedliot.UseCases.SmartHome;

/// <summary>The wake word heard: the score that crossed the threshold and where in the audio its 2 s end.</summary>
/// <param name="AudioEnd">Where, from the start of the audio, the 2 s the score covers end.</param>
/// <param name="Score">The score, at or above the detector's threshold.</param>
public sealed record WakeWordDetection(TimeSpan AudioEnd, float Score);
