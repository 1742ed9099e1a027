using Lessons.Data;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Data;

/// <summary>d2l's load_array: reusable, reshuffled each epoch, reproducible for a seed, gathered on the backend.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class DataLoaderTests(string backend) : BackendFixture(backend)
{
    private Tensor features = null!;
    private Tensor labels = null!;

    /// <summary>10 examples: row i of the features is (i, 100 + i), label i.</summary>
    [SetUp]
    public void MakeData()
    {
        features = F32([.. Enumerable.Range(0, 10).SelectMany(i => new[] { i, 100f + i })], 10, 2);
        labels = I32([.. Enumerable.Range(0, 10)], 10);
    }

    [TearDown]
    public void FreeData()
    {
        features.Dispose();
        labels.Dispose();
    }

    /// <summary>The label order of one epoch, checking each batch's features match its labels on the way.</summary>
    private static List<int[]> Epoch(DataLoader loader)
    {
        var epoch = new List<int[]>();
        foreach (var batch in loader)
        {
            using (batch)
            {
                var (X, y) = batch;
                var ids = y.ToArray<int>();
                X.Shape.Should().Equal(ids.Length, 2);
                X.ToArray<float>().Should().Equal(ids.SelectMany(i => new[] { i, 100f + i }));
                epoch.Add(ids);
            }
        }

        return epoch;
    }

    [Test]
    public void The_same_seed_gives_the_same_batches_and_each_epoch_a_new_order()
    {
        var dataset = new TensorDataset(features, labels);
        var first = new DataLoader(dataset, 3, shuffle: true, generator: new Generator(42));
        var again = new DataLoader(dataset, 3, shuffle: true, generator: new Generator(42));

        var epoch1 = Epoch(first);
        var epoch2 = Epoch(first);

        Epoch(again).Should().BeEquivalentTo(epoch1, o => o.WithStrictOrdering(), "same seed, same first epoch");
        Epoch(again).Should().BeEquivalentTo(epoch2, o => o.WithStrictOrdering(), "same seed, same second epoch");
        epoch2.SelectMany(b => b).Should().NotEqual(epoch1.SelectMany(b => b), "the next epoch is reshuffled");
        epoch1.SelectMany(b => b).Should().BeEquivalentTo(Enumerable.Range(0, 10), "each example once per epoch");
    }

    [Test]
    public void The_last_short_batch_is_kept_unless_dropLast()
    {
        var dataset = new TensorDataset(features, labels);

        var kept = new DataLoader(dataset, 4, shuffle: true, generator: new Generator(1));
        var dropped = new DataLoader(dataset, 4, shuffle: true, dropLast: true, generator: new Generator(1));

        kept.Count.Should().Be(3);
        Epoch(kept).Select(b => b.Length).Should().Equal(4, 4, 2);
        dropped.Count.Should().Be(2);
        Epoch(dropped).Select(b => b.Length).Should().Equal(4, 4);
    }

    [Test]
    public void Without_shuffle_batches_come_in_order()
    {
        var loader = new DataLoader(new TensorDataset(features, labels), 4);

        Epoch(loader).Should().BeEquivalentTo(
            new[] { new[] { 0, 1, 2, 3 }, [4, 5, 6, 7], [8, 9] }, o => o.WithStrictOrdering());
    }

    [Test]
    public void Batches_live_on_the_dataset_backend()
    {
        using var batch = new DataLoader(new TensorDataset(features, labels), 5).First();

        batch[0].Backend.Should().BeSameAs(Device);
        batch[1].DType.Should().Be(DType.Int32);
    }

    [Test]
    public void A_feature_transform_replaces_the_batch_features()
    {
        var loader = new DataLoader(new TensorDataset(features, labels), 5, featureTransform: X => X * 2);

        using var batch = loader.First();

        batch[0].ToArray<float>().Take(4).Should().Equal(0f, 200f, 2f, 202f);
    }

    [Test]
    public void Stopping_early_frees_every_batch_including_one_gathered_ahead()
    {
        // On the CPU the next batch is gathered on another thread while the caller holds this one.
        var made = new System.Collections.Concurrent.ConcurrentBag<Tensor>();
        var loader = new DataLoader(new TensorDataset(features, labels), 3, featureTransform: X =>
        {
            var doubled = X * 2;
            made.Add(doubled);
            return doubled;
        });

        using (var first = loader.First())
        {
            first[0].ToArray<float>().Should().Equal(0f, 200f, 2f, 202f, 4f, 204f);
        }

        made.Should().NotBeEmpty().And.OnlyContain(t => t.IsDisposed, "First() stops the enumeration early");
        // The second batch was asked of the gather thread; it is made unless the loader was stopped first.
        made.Count.Should().BeInRange(1, Device.AcceptsConcurrentCalls ? 2 : 1);
    }

    [Test]
    public void A_failing_gather_reaches_the_caller_with_its_own_exception_and_frees_its_rows()
    {
        // On the CPU the gather runs on another thread; what it throws must surface where the batch is taken.
        var gathered = new List<Tensor>();
        var loader = new DataLoader(new TensorDataset(features, labels), 3, featureTransform: X =>
        {
            gathered.Add(X);
            return gathered.Count == 2 ? throw new InvalidOperationException("the resize failed") : X * 2;
        });
        var taken = 0;

        var act = () =>
        {
            foreach (var batch in loader)
            {
                using (batch)
                {
                    taken++;
                }
            }
        };

        act.Should().Throw<InvalidOperationException>().WithMessage("the resize failed");
        taken.Should().Be(1, "the first batch was gathered before the second failed");
        gathered.Should().HaveCount(2).And.OnlyContain(t => t.IsDisposed);
    }

    [Test]
    public void Tensors_with_different_first_dimensions_are_refused()
    {
        using var short_ = I32([1, 2, 3], 3);

        var act = () => new TensorDataset(features, short_);

        act.Should().Throw<ArgumentException>().WithMessage("*same first dimension*(10x2), (3)*");
    }

    [Test]
    public void Data_iter_shuffles_keeps_the_last_short_batch_and_matches_the_loader()
    {
        var batches = RegressionData.DataIter(4, features, labels, new Generator(5)).ToList();
        var ids = batches.Select(b => b.y.ToArray<int>()).ToList();

        ids.Select(b => b.Length).Should().Equal(4, 4, 2);
        ids.SelectMany(b => b).Should().BeEquivalentTo(Enumerable.Range(0, 10));
        ids.SelectMany(b => b).Should().Equal(new Generator(5).Permutation(10), "the book's order: one permutation");
        foreach (var (X, y) in batches)
        {
            X.Dispose();
            y.Dispose();
        }
    }
}
