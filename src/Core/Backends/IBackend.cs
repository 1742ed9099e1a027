namespace Lessons.Backends;

/// <summary>
/// The primitives a device must provide. Everything else (losses, log-softmax of a batch, the mean,
/// broadcasting gradients back) is composed from these in Core, so a new device implements only this list.
/// All buffers passed in were allocated by this backend; outputs are written, never allocated, by the call.
/// Calls may run asynchronously on a device: a download is the point where results become visible to the host.
/// </summary>
public interface IBackend : IDisposable
{
    /// <summary>Short name used in configuration: "cpu" or "opencl".</summary>
    string Name { get; }

    /// <summary>The device in a few words, e.g. "AMD EPYC, 2 cores, AVX-512".</summary>
    string DeviceName { get; }

    /// <summary>A multi-line description: backend, device, and what it can do.</summary>
    string Describe();

    /// <summary>True when tensors of <paramref name="dtype"/> can live on this backend.</summary>
    bool Supports(DType dtype);

    /// <summary>
    /// True when two threads may call this backend at the same time (the CPU's, whose calls share nothing but a
    /// locked buffer pool); then a <see cref="Data.DataLoader"/> gathers the next batch on another thread. An OpenCL
    /// queue's kernels carry their arguments between calls, so that backend is called from one thread.
    /// </summary>
    bool AcceptsConcurrentCalls => false;

    /// <summary>
    /// A new buffer of <paramref name="length"/> elements, zero-filled unless <paramref name="zeroed"/> is false —
    /// for an operation's output that its kernel overwrites entirely (torch.empty), where clearing it first would
    /// be a wasted pass over memory, and on a device a wasted command.
    /// </summary>
    DeviceBuffer Allocate(DType dtype, int length, bool zeroed = true);

    /// <summary>A new buffer holding a copy of <paramref name="data"/>.</summary>
    DeviceBuffer Upload<T>(ReadOnlySpan<T> data) where T : unmanaged;

    /// <summary>Copies the whole buffer into <paramref name="destination"/>, waiting for pending work.</summary>
    void Download<T>(DeviceBuffer source, Span<T> destination) where T : unmanaged;

    /// <summary>Sets every element of <paramref name="y"/> to <paramref name="value"/>.</summary>
    void Fill(DeviceBuffer y, double value);

    /// <summary>
    /// y = x read through a layout: the general copy behind transpose, permute and expand.
    /// <paramref name="layout"/> has one input; <paramref name="offset"/> is added to every source index.
    /// </summary>
    void Copy(DeviceBuffer x, BroadcastLayout layout, DeviceBuffer y, int offset = 0);

    /// <summary>y = x converted to y's dtype (float → int truncates toward zero).</summary>
    void Cast(DeviceBuffer x, DeviceBuffer y);

    /// <summary>y = op(x) element-wise; <paramref name="alpha"/> and <paramref name="beta"/> as the op says.</summary>
    void Unary(UnaryOp op, DeviceBuffer x, DeviceBuffer y, double alpha = 0, double beta = 0);

    /// <summary>y = op(a, b) element-wise, with a and b broadcast by the two-input <paramref name="layout"/>.</summary>
    void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, BroadcastLayout layout);

    /// <summary>y = condition ≠ 0 ? a : b, the three inputs broadcast by <paramref name="layout"/>.</summary>
    void Where(DeviceBuffer condition, DeviceBuffer a, DeviceBuffer b, DeviceBuffer y, BroadcastLayout layout);

    /// <summary>y[o, i] = op over x[o, :, i].</summary>
    void Reduce(ReduceOp op, DeviceBuffer x, DeviceBuffer y, AxisLayout layout);

    /// <summary>
    /// The running sum along an axis (torch.cumsum): y[o, a, i] = Σ x[o, k, i] for k ≤ a, accumulated in double on
    /// the CPU as torch's CPU kernel does.
    /// </summary>
    void CumSum(DeviceBuffer x, DeviceBuffer y, AxisLayout layout);

    /// <summary>
    /// Writes x, viewed as (Outer, IndexLength, Inner), into the slice <paramref name="start"/> ..
    /// start + IndexLength − 1 of y's axis, y viewed as (Outer, Axis, Inner); the rest of y is left as it was.
    /// torch.cat is one such write per input.
    /// </summary>
    void CopyToSlice(DeviceBuffer x, DeviceBuffer y, GatherLayout layout, int start);

    /// <summary>C = op(A) · op(B), see <see cref="MatMulShape"/>.</summary>
    void MatMul(DeviceBuffer a, DeviceBuffer b, DeviceBuffer c, MatMulShape shape);

    /// <summary>Numerically stable softmax (or log-softmax) of each row of a (rows, cols) matrix.</summary>
    void Softmax(DeviceBuffer x, DeviceBuffer y, int rows, int cols, bool log);

    /// <summary>y[o, j, i] = x[o, index[o, j, i], i]; an index outside 0..Axis-1 is an error naming it.</summary>
    void Gather(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout);

    /// <summary>
    /// torch.index_select: y[o, j, i] = x[o, index[j], i], with a 1-D index of IndexLength entries shared by every
    /// o and i — whole rows copied at once, which is how a minibatch is taken from a dataset on the device.
    /// An index outside 0..Axis-1 is an error naming it.
    /// </summary>
    void IndexSelect(DeviceBuffer x, DeviceBuffer index, DeviceBuffer y, GatherLayout layout);

    /// <summary>y[o, index[o, j, i], i] += source[o, j, i]; y is accumulated into, not cleared.</summary>
    void ScatterAdd(DeviceBuffer source, DeviceBuffer index, DeviceBuffer y, GatherLayout layout);

    /// <summary>
    /// Per-row cross-entropy of logits against class labels, by log-sum-exp:
    /// loss[r] = log Σ exp(o[r, :]) − o[r, label[r]].
    /// </summary>
    void SoftmaxCrossEntropy(DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer loss, int rows, int cols);

    /// <summary>The fused gradient of <see cref="SoftmaxCrossEntropy"/>: grad[r, c] = g[r]·(softmax(o)[r, c] − 1[c =
    /// label[r]]).</summary>
    void SoftmaxCrossEntropyBackward(
        DeviceBuffer logits, DeviceBuffer labels, DeviceBuffer upstream, DeviceBuffer grad, int rows, int cols);

    /// <summary>The fused gradient of d2l's squared_loss (ŷ − y)²/2 with respect to ŷ: grad = g·(ŷ − y).</summary>
    void SquaredLossBackward(DeviceBuffer yHat, DeviceBuffer y, DeviceBuffer upstream, DeviceBuffer grad);

    /// <summary>The SGD update in place: param ← param − lr · grad.</summary>
    void SgdUpdate(DeviceBuffer param, DeviceBuffer grad, double lr);

    /// <summary>
    /// One Adam step in place, every element in one pass, in torch 1.13's order of operations (see
    /// <see cref="AdamStep"/>): g = grad + wd·param; m = β₁m + (1 − β₁)g; v = β₂v + ((1 − β₂)g)·g;
    /// with AMSGrad vMax = max(vMax, v) replaces v below; param = param + (−stepSize·m) / (√v / c₂ + ε).
    /// </summary>
    void AdamUpdate(DeviceBuffer param, DeviceBuffer grad, DeviceBuffer expAvg, DeviceBuffer expAvgSq,
        DeviceBuffer? maxExpAvgSq, AdamStep step);

    /// <summary>
    /// The 2-D cross-correlation of torch's conv2d: y[n, o, i, j] = bias[o] + Σ_c Σ_a Σ_b
    /// weight[o, c, a, b] · x[n, c, i·s + a − p, j·s + b − p], reading zeros outside the input.
    /// <paramref name="bias"/> is optional (null adds nothing).
    /// </summary>
    void Conv2d(DeviceBuffer x, DeviceBuffer weight, DeviceBuffer? bias, DeviceBuffer y, Conv2dLayout layout);

    /// <summary>
    /// The convolution's gradient with respect to its input: gradX[n, c, h, w] = Σ over every (o, i, j, a, b) whose
    /// window reads x[n, c, h, w] of gradY[n, o, i, j] · weight[o, c, a, b]. gradX is written, not accumulated.
    /// </summary>
    void Conv2dInputGrad(DeviceBuffer gradY, DeviceBuffer weight, DeviceBuffer gradX, Conv2dLayout layout);

    /// <summary>
    /// The convolution's gradient with respect to its weight: gradW[o, c, a, b] = Σ_n Σ_i Σ_j gradY[n, o, i, j] ·
    /// x[n, c, i·s + a − p, j·s + b − p]. gradW is written, not accumulated.
    /// </summary>
    void Conv2dWeightGrad(DeviceBuffer x, DeviceBuffer gradY, DeviceBuffer gradWeight, Conv2dLayout layout);

    /// <summary>
    /// Max pooling of each plane; the padding reads −∞. <paramref name="indices"/> (Int32, one per output) receives
    /// the position h·W + w of the winner inside its plane: the first maximum in row-major order, or the first NaN.
    /// </summary>
    void MaxPool2d(DeviceBuffer x, DeviceBuffer y, DeviceBuffer indices, Pool2dLayout layout);

    /// <summary>
    /// Max pooling's gradient: every input element receives the sum of the upstream gradients of the windows it
    /// won (<paramref name="indices"/> from <see cref="MaxPool2d"/>). gradX is written, not accumulated.
    /// </summary>
    void MaxPool2dBackward(DeviceBuffer gradY, DeviceBuffer indices, DeviceBuffer gradX, Pool2dLayout layout);

    /// <summary>Average pooling of each plane, dividing by k² whatever the padding (count_include_pad).</summary>
    void AvgPool2d(DeviceBuffer x, DeviceBuffer y, Pool2dLayout layout);

    /// <summary>
    /// Average pooling's gradient: gradX[h, w] = Σ over the windows containing (h, w) of gradY / k². gradX is
    /// written, not accumulated.
    /// </summary>
    void AvgPool2dBackward(DeviceBuffer gradY, DeviceBuffer gradX, Pool2dLayout layout);
}
