using Lessons.Backends.Cpu;

namespace Lessons.Tests.Cpu;

/// <summary>The CPU backend's pool hands a returned array out again, zero-filled when asked, and keeps no tiny
/// ones.</summary>
public sealed class BufferPoolTests
{
    [Test]
    public void A_returned_array_of_256_elements_or_more_is_handed_out_again_zeroed()
    {
        var pool = new BufferPool();
        var first = pool.Rent<float>(2560, zeroed: false);
        first.AsSpan().Fill(7);
        pool.Return(first);

        var again = pool.Rent<float>(2560, zeroed: true);

        again.Should().BeSameAs(first);
        again.Should().OnlyContain(v => v == 0);
        pool.Reused.Should().Be(1);
    }

    [Test]
    public void Arrays_are_kept_by_element_type_and_exact_length()
    {
        var pool = new BufferPool();
        var floats = pool.Rent<float>(300, zeroed: false);
        pool.Return(floats);

        ((object)pool.Rent<double>(300, zeroed: false)).Should().NotBeSameAs(floats);
        pool.Rent<float>(301, zeroed: false).Should().NotBeSameAs(floats);
        pool.Rent<float>(300, zeroed: false).Should().BeSameAs(floats);
    }

    [Test]
    public void Arrays_shorter_than_256_elements_are_not_kept()
    {
        var pool = new BufferPool();
        var small = pool.Rent<float>(255, zeroed: false);
        pool.Return(small);

        pool.Rent<float>(255, zeroed: false).Should().NotBeSameAs(small);
        pool.Reused.Should().Be(0);
    }
}
