using Lessons.Random;

namespace Lessons.Steps;

/// <summary>
/// The steps a learner writes for convolutions — d2l 0.17 §6.2–6.3 / current edition §7.2–7.3.
/// </summary>
public interface ILeNetSteps
{
    /// <summary>
    /// d2l's <c>corr2d</c> (§6.2.1): the two-dimensional cross-correlation of <paramref name="X"/> (h, w) with the
    /// kernel <paramref name="K"/> (kh, kw), an (h − kh + 1, w − kw + 1) result.
    /// </summary>
    Tensor Corr2d(Tensor X, Tensor K);

    /// <summary>
    /// §6.2.4: learn the (1, 1, 1, 2) kernel that maps <paramref name="X"/> to <paramref name="Y"/> (both (1, 1, h,
    /// w)) by gradient descent on the summed squared error, starting from weights drawn with
    /// <paramref name="generator"/>, <paramref name="numEpochs"/> steps of <paramref name="lr"/>.
    /// </summary>
    Tensor LearnKernel(Tensor X, Tensor Y, Generator generator, int numEpochs, double lr);

    /// <summary>
    /// §6.3: the output shape of an nh × nw input under a kh × kw kernel, <paramref name="padding"/> on every side
    /// and <paramref name="stride"/>.
    /// </summary>
    (int Height, int Width) OutputShape(int nh, int nw, int kh, int kw, int padding, int stride);
}
