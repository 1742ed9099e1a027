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
        (int Buffers, long Bytes, long Pooled, int Programs) atStep100 = default;
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
                atStep100 = (backend.LiveBuffers, backend.LiveBytes, backend.PooledBytes, backend.ProgramCount);
            }
        }

        TestContext.Out.WriteLine(
            $"step 100: {atStep100.Buffers} buffers, {atStep100.Bytes} bytes ({atStep100.Pooled} pooled); step 1000: " +
            $"{backend.LiveBuffers} buffers, {backend.LiveBytes} bytes ({backend.PooledBytes} pooled); loss " +
            $"{firstLoss:F4} -> {lastLoss:F4}");
        (backend.LiveBuffers, backend.LiveBytes, backend.PooledBytes, backend.ProgramCount).Should().Be(atStep100);
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

        backend.Allocate(DType.Float32, 64).Dispose(); // kept for reuse, where the device pools memory

        backend.Dispose();
        backend.LiveBuffers.Should().Be(0);
        backend.LiveBytes.Should().Be(0);
        backend.PooledBytes.Should().Be(0);
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
        backend.PooledBytes.Should().Be(Pools(backend) ? 1024 : 0, "disposed twice, kept once");
    }

    [Test]
    public void A_new_buffer_takes_the_memory_of_a_disposed_one_of_the_same_size_zeroed()
    {
        using var backend = OpenClTestDevice.CreateOwn();
        using (var old = backend.Allocate(DType.Float32, 300))
        {
            backend.Fill(old, 7);
        }

        using var otherSize = backend.Allocate(DType.Float32, 299);
        backend.ReusedBuffers.Should().Be(0, "no kept memory has 299 × 4 bytes");

        using var reused = backend.Allocate(DType.Float32, 300);
        var values = new float[300];
        backend.Download<float>(reused, values);

        values.Should().OnlyContain(v => v == 0, "the old values must not show through a zeroed buffer");
        backend.ReusedBuffers.Should().Be(Pools(backend) ? 1 : 0);
        backend.PooledBytes.Should().Be(0);
    }

    [Test]
    public void The_pool_keeps_at_most_an_eighth_of_the_device_and_never_more_than_256_MiB()
    {
        using var backend = OpenClTestDevice.CreateOwn();
        var limit = Pools(backend) ? Math.Min(256L << 20, backend.Device.GlobalMemory / 8) : 0;
        var length = Pools(backend) ? (int)(limit / 4 / 3 * 2) + 1 : 1000; // one fits, two are over the limit
        var first = backend.Allocate(DType.Float32, length, zeroed: false);
        var second = backend.Allocate(DType.Float32, length, zeroed: false);
        first.Dispose();
        second.Dispose();

        backend.PooledBytes.Should().Be(Pools(backend) ? length * 4L : 0, "the second would pass the limit");
        backend.PooledBytes.Should().BeLessThanOrEqualTo(limit);
    }

    [Test]
    public void Uploaded_memory_is_released_not_kept()
    {
        using var backend = OpenClTestDevice.CreateOwn();
        backend.Upload(new float[300]).Dispose(); // a loop uploading every step would fill the pool

        backend.PooledBytes.Should().Be(0);
        backend.LiveBytes.Should().Be(0);
    }

    /// <summary>Every device but the Oclgrind simulator keeps disposed memory for reuse (OpenClBackend).</summary>
    private static bool Pools(OpenClBackend backend) => !backend.Device.IsOclgrind;
}
