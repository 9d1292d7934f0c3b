namespace Vedliot.UseCases.Industrial.Model;

/// <summary>A freshly trained classifier and what its training measured.</summary>
/// <param name="Classifier">The weights.</param>
/// <param name="HeldOut">Its confusion matrix on the held-out simulated set.</param>
/// <param name="TrainingAccuracy">Its accuracy on the training set.</param>
/// <param name="Simulating">Time spent simulating the training set and computing its features.</param>
/// <param name="Fitting">Time spent fitting the weights.</param>
/// <param name="Evaluating">Time spent simulating and judging the held-out set.</param>
internal sealed record TrainedMotorModel(MotorClassifier Classifier, ConfusionMatrix HeldOut, double TrainingAccuracy, TimeSpan Simulating, TimeSpan Fitting, TimeSpan Evaluating);
