using Lessons.Random;
using Lessons.Steps;

namespace Lessons.Chapter6;

// The steps of this lesson a learner writes in the workbook (src/Lessons/Workbook/LeNet.cs): the step checks run
// them here, on the reference, in CI.
public sealed partial class LeNet : ILeNetSteps
{
    Tensor ILeNetSteps.Corr2d(Tensor X, Tensor K) => Corr2d(X, K);

    Tensor ILeNetSteps.LearnKernel(Tensor X, Tensor Y, Generator generator, int numEpochs, double lr) =>
        LearnKernel(X, Y, generator, numEpochs, lr);

    (int Height, int Width) ILeNetSteps.OutputShape(int nh, int nw, int kh, int kw, int padding, int stride) =>
        OutputShape(nh, nw, kh, kw, padding, stride);
}
