using Lessons.Backends.OpenCl;
using Lessons.Optim;

namespace Lessons.Tests.OpenCl;

/// <summary>The backend owns its memory: training leaks no buffer, and Dispose gives back whatever is left.</summary>
public sealed class MemoryTests
{
    [Test]
    public void Live_buffers_and_bytes_are_flat_from_step_100_to_step_1000_of_softmax_regression()
    {
        using var backend = OpenClTestDevice.CreateOwn();
        const int batch = 256, inputs = 784, classes = 10;
        var random = new System.Random(7);
        var images = Enumerable.Range(0, 4)
            .Select(_ => Enumerable.Range(0, batch * inputs).Select(_ => (float)random.NextDouble()).ToArray())
            .ToArray();
        var labels = Enumerable.Range(0, 4)
            .Select(_ => Enumerable.Range(0, batch).Select(_ => random.Next(classes)).ToArray())
            .ToArray();

        using var W = Tensor.Normal(0, 0.01, [inputs, classes], new Random.Generator(1), backend: backend,
            requiresGrad: true);
        using var b = Tensor.Zeros([classes], backend: backend, requiresGrad: true);
        var sgd = new Sgd([W, b], lr: 0.1);
        (int Buffers, long Bytes, int Programs) atStep100 = default;
        var firstLoss = 0.0;
        var lastLoss = 0.0;
        for (var step = 1; step <= 1000; step++)
        {
            using (Tensor.Scope())
            {
                // A fresh minibatch is uploaded every step, as a data loader would.
                var X = Tensor.FromArray(images[step % 4], [batch, inputs], backend);
                var y = Tensor.FromArray(labels[step % 4], [batch], backend);
                var loss = Tensor.SoftmaxCrossEntropy(X.MatMul(W) + b, y).Mean();
                sgd.ZeroGrad();
                loss.Backward();
                sgd.Step();
                if (step == 1 || step == 1000)
                {
                    lastLoss = loss.Item(); // the only reads from the device in the whole run
                    firstLoss = step == 1 ? lastLoss : firstLoss;
                }
            }

            if (step == 100)
            {
                atStep100 = (backend.LiveBuffers, backend.LiveBytes, backend.ProgramCount);
            }
        }

        TestContext.Out.WriteLine(
            $"step 100: {atStep100.Buffers} buffers, {atStep100.Bytes} bytes; step 1000: {backend.LiveBuffers} " +
            $"buffers, {backend.LiveBytes} bytes; loss {firstLoss:F4} -> {lastLoss:F4}");
        (backend.LiveBuffers, backend.LiveBytes, backend.ProgramCount).Should().Be(atStep100);
        lastLoss.Should().BeLessThan(firstLoss, "the steps really trained");
    }

    [Test]
    public void Dispose_releases_every_buffer_still_alive()
    {
        var backend = OpenClTestDevice.CreateOwn();
        var kept = backend.Allocate(DType.Float32, 1000);
        _ = backend.Upload<int>([1, 2, 3]);
        backend.LiveBuffers.Should().Be(2);
        backend.LiveBytes.Should().Be(4000 + 12);

        backend.Dispose();
        backend.LiveBuffers.Should().Be(0);
        backend.LiveBytes.Should().Be(0);
        kept.Dispose(); // after the backend is gone: harmless
    }

    [Test]
    public void Zero_length_buffers_own_no_device_memory()
    {
        using var backend = OpenClTestDevice.CreateOwn();
        using var empty = backend.Allocate(DType.Float64, 0);
        using var uploaded = backend.Upload<float>([]);
        backend.LiveBuffers.Should().Be(0);
        backend.Download<float>(uploaded, Span<float>.Empty);
        backend.Fill(empty, 3);
        empty.Length.Should().Be(0);
    }

    [Test]
    public void Disposing_a_buffer_gives_its_memory_back_at_once()
    {
        using var backend = OpenClTestDevice.CreateOwn();
        var buffer = backend.Allocate(DType.Float32, 256);
        backend.LiveBytes.Should().Be(1024);
        buffer.Dispose();
        buffer.Dispose();
        backend.LiveBuffers.Should().Be(0);
        backend.LiveBytes.Should().Be(0);
    }
}
