using System.Globalization;
using Lessons.Data;
using Lessons.Figures;
using Lessons.Framework;
using Lessons.Losses;
using Lessons.NN;
using Lessons.Optim;
using Lessons.Random;

namespace Lessons.Chapter6;

/// <summary>
/// Convolutional networks — d2l 0.17 §6.2–6.6 / current edition §7.2–7.6: the cross-correlation written out
/// (<c>corr2d</c>), an edge detector and a kernel learned by gradient descent, padding and stride, d2l's LeNet on
/// Fashion-MNIST, and the seed notes' CIFAR-10 network with its gradients after one backward pass.
/// </summary>
public sealed partial class LeNet : ILesson
{
    /// <inheritdoc/>
    public string Name => "lenet";

    /// <inheritdoc/>
    public string Title => "Convolutions, pooling and LeNet";

    /// <inheritdoc/>
    public string Sections => "6.2–6.6 / 7.2–7.6";

    /// <summary>
    /// d2l's <c>corr2d</c> (§6.2.1): the two-dimensional cross-correlation of <paramref name="X"/> (h, w) with the
    /// kernel <paramref name="K"/> (kh, kw) — each output element is the sum of a window of X times K.
    /// </summary>
    // <doc:corr2d>
    public static Tensor Corr2d(Tensor X, Tensor K)
    {
        var (h, w) = (K.Shape[0], K.Shape[1]);
        var (rows, cols) = (X.Shape[0] - h + 1, X.Shape[1] - w + 1);
        var Y = new double[rows * cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                // X[i:i + h, j:j + w]: the rows i..i+h−1, then the columns j..j+w−1 of those rows
                var window = X.IndexSelect(0, Range(i, h, X)).IndexSelect(1, Range(j, w, X));
                Y[(i * cols) + j] = (window * K).Sum().Item();
            }
        }

        return Tensor.FromArray(Y, new Shape(rows, cols), X.Backend).To(X.DType);
    }
    // </doc:corr2d>

    /// <summary>d2l §6.2.3's image: 6 × 8 ones with a black (zero) band in columns 2–5, whose vertical edges
    /// the kernel [1, −1] finds.</summary>
    // <doc:edge-image>
    public static Tensor EdgeImage()
    {
        var X = new float[6, 8];
        for (var i = 0; i < 6; i++)
        {
            for (var j = 0; j < 8; j++)
            {
                X[i, j] = j is >= 2 and < 6 ? 0 : 1;
            }
        }

        return Tensor.FromArray(X);
    }
    // </doc:edge-image>

    /// <summary>
    /// d2l §6.2.4: learn the kernel that maps <paramref name="X"/> to <paramref name="Y"/> (both (1, 1, h, w)) by
    /// gradient descent on the squared error — a (1, 2) kernel without bias, started at random, updated
    /// <paramref name="numEpochs"/> times with <paramref name="lr"/>. Returns the learned (1, 1, 1, 2) weight.
    /// </summary>
    // <doc:learn-kernel>
    public static Tensor LearnKernel(Tensor X, Tensor Y, Generator generator, int numEpochs = 10, double lr = 3e-2,
        Action<int, double>? report = null)
    {
        // nn.Conv2d(1, 1, kernel_size=(1, 2), bias=False): torch starts it uniform in ±1/√fan_in, fan_in = 2
        var bound = 1 / Math.Sqrt(2);
        var weight = Tensor.Uniform(-bound, bound, [1, 1, 1, 2], generator, requiresGrad: true);
        for (var epoch = 1; epoch <= numEpochs; epoch++)
        {
            var yHat = X.Conv2d(weight);
            var l = (yHat - Y).Square();
            weight.Grad = null;
            l.Sum().Backward();
            using (Tensor.NoGrad())
            {
                weight -= lr * weight.Grad!;
            }

            if (epoch % 2 == 0)
            {
                report?.Invoke(epoch, l.Sum().Item());
            }
        }

        return weight.Detach();
    }
    // </doc:learn-kernel>

    /// <summary>
    /// The output shape of §6.3: ⌊(n − k + 2p + s) / s⌋ along each axis for an n_h × n_w input, a k_h × k_w kernel,
    /// padding p on every side and stride s (d2l writes p_h for the total padding 2p).
    /// </summary>
    // <doc:output-shape>
    public static (int Height, int Width) OutputShape(int nh, int nw, int kh, int kw, int padding = 0,
        int stride = 1) =>
        ((nh - kh + (2 * padding) + stride) / stride, (nw - kw + (2 * padding) + stride) / stride);
    // </doc:output-shape>

    /// <summary>d2l §6.6's LeNet (LeNet-5 with sigmoid and average pooling), Xavier-uniform weights as the book's
    /// <c>init_weights</c>.</summary>
    // <doc:lenet>
    public static Sequential CreateLeNet(Generator generator)
    {
        var net = new Sequential(
            new Conv2d(1, 6, kernelSize: 5, padding: 2, generator: generator), new Sigmoid(),
            new AvgPool2d(kernelSize: 2, stride: 2),
            new Conv2d(6, 16, kernelSize: 5, generator: generator), new Sigmoid(),
            new AvgPool2d(kernelSize: 2, stride: 2),
            new Flatten(),
            new Linear(16 * 5 * 5, 120, generator: generator), new Sigmoid(),
            new Linear(120, 84, generator: generator), new Sigmoid(),
            new Linear(84, 10, generator: generator));
        foreach (var layer in net)
        {
            // d2l's init_weights: xavier_uniform_ on the weight of every Linear and Conv2d; biases keep torch's init
            if (layer is Linear linear)
            {
                Init.XavierUniform(linear.Weight, generator: generator);
            }
            else if (layer is Conv2d conv)
            {
                Init.XavierUniform(conv.Weight, generator: generator);
            }
        }

        return net;
    }
    // </doc:lenet>

    /// <summary>The seed notes' CIFAR-10 network: three 5 × 5 convolutions with max pooling, then two linear
    /// layers.</summary>
    // <doc:notes-cnn>
    public static Sequential CreateNotesCnn(Generator generator) => new(
        new Conv2d(3, 32, 5, padding: 2, generator: generator), new MaxPool2d(2),
        new Conv2d(32, 32, 5, padding: 2, generator: generator), new MaxPool2d(2),
        new Conv2d(32, 64, 5, padding: 2, generator: generator), new MaxPool2d(2),
        new Flatten(),
        new Linear(1024, 64, generator: generator),
        new Linear(64, 10, generator: generator));
    // </doc:notes-cnn>

    /// <summary>
    /// What the notes look at in a debugger: every parameter's name and shape, and its gradient's norm before the
    /// backward pass (null: none yet, torch's <c>None</c>) and after one forward, loss and <c>Backward()</c> on
    /// the batch (<paramref name="X"/>, <paramref name="y"/>). Returns the loss too.
    /// </summary>
    // <doc:gradient-table>
    public static (double Loss, IReadOnlyList<ParameterGradient> Table) OneBackward(Sequential net, Tensor X, Tensor y)
    {
        var before = net.NamedParameters().Select(p => p.Parameter.Grad?.Square().Sum().Sqrt().Item()).ToList();
        var loss = new CrossEntropyLoss();
        var resultLoss = loss.Forward(net.Forward(X), y);
        resultLoss.Backward();
        var table = net.NamedParameters().Select((p, i) => new ParameterGradient(p.Name, p.Parameter.Shape,
            before[i], p.Parameter.Grad!.Square().Sum().Sqrt().Item())).ToList();
        return (resultLoss.Item(), table);
    }
    // </doc:gradient-table>

    private static Tensor Range(int start, int count, Tensor like) =>
        Tensor.FromArray(Enumerable.Range(start, count).ToArray(), like.Backend);
}

/// <summary>One row of the notes' look at the gradients: a parameter, its shape, its gradient's norm before and
/// after the backward pass.</summary>
/// <param name="Name">The parameter's name in the network ("0.weight").</param>
/// <param name="Shape">Its shape.</param>
/// <param name="NormBefore">‖grad‖ before the backward pass, or null when there is no gradient yet.</param>
/// <param name="NormAfter">‖grad‖ after it.</param>
public sealed record ParameterGradient(string Name, Shape Shape, double? NormBefore, double NormAfter);
