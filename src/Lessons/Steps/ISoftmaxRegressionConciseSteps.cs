namespace Lessons.Steps;

/// <summary>
/// The steps of softmax regression, concisely (d2l 0.17 §3.7 / current §4.5) that a learner writes in the workbook
/// (<c>src/Lessons/Workbook/SoftmaxRegressionConcise.cs</c>); the lesson class is the reference.
/// </summary>
public interface ISoftmaxRegressionConciseSteps
{
    /// <summary>
    /// Exercise 1 of §3.7: a batch size, a number of epochs and a learning rate with which the concise model
    /// (Flatten, Linear(784, 10), CrossEntropyLoss, Sgd) beats the book's test accuracy — 0.822 after 10 epochs of
    /// batch 256 at lr 0.1 — within a budget of 5,000 minibatch steps (the book's recipe takes 2,350).
    /// </summary>
    (int BatchSize, int NumEpochs, double Lr) BeatTheBook();
}
