using Lessons.Steps;

namespace Lessons.Chapter3;

// The steps of this lesson a learner writes in the workbook (src/Lessons/Workbook/Mlp.cs): the step checks run them
// here, on the reference, in CI.
public sealed partial class Mlp : IMlpSteps
{
    Tensor IMlpSteps.Relu(Tensor X) => Relu(X);

    TwoLayer IMlpSteps.BackpropByHand(TwoLayer p, Tensor X, Tensor y) => BackpropByHand(p, X, y);
}
