using Lessons.Backends;
using Lessons.Data;

namespace Lessons.Framework;

/// <summary>
/// The datasets a lesson may be asked to train on with <c>--dataset</c>, by name: <c>fashion-mnist</c> (d2l's, the
/// default), <c>mnist</c> (the seed notes' MLP) and <c>cifar-10</c> (the seed notes' CNN). Each lesson lists the
/// ones it accepts in <see cref="ILesson.Datasets"/>; the chapter-3 image lessons take the two 28×28 grayscale ones,
/// whose images fit their 784-input networks.
/// </summary>
public static class LessonDatasets
{
    /// <summary>d2l's Fashion-MNIST.</summary>
    public const string FashionMnist = "fashion-mnist";

    /// <summary>The MNIST digits.</summary>
    public const string Mnist = "mnist";

    /// <summary>CIFAR-10.</summary>
    public const string Cifar10 = "cifar-10";

    /// <summary>Every dataset name, in the order of the learning path.</summary>
    public static IReadOnlyList<string> Names { get; } = [FashionMnist, Mnist, Cifar10];

    /// <summary>The 28×28 grayscale datasets, for the lessons whose networks take 784 inputs.</summary>
    public static IReadOnlyList<string> Grayscale28 { get; } = [FashionMnist, Mnist];

    /// <summary>
    /// Checks that <paramref name="lesson"/> can train on <paramref name="dataset"/> (null: its default) and throws a
    /// message naming the option, the value and the accepted ones when it cannot.
    /// </summary>
    /// <exception cref="ArgumentException">The lesson has no dataset to choose, or not this one.</exception>
    public static void Check(ILesson lesson, string? dataset)
    {
        if (dataset is null)
        {
            return;
        }

        var accepted = lesson.Datasets;
        if (accepted.Count == 0)
        {
            throw new ArgumentException(
                $"--dataset {dataset}: lesson '{lesson.Name}' has no dataset to choose; --dataset applies to " +
                $"{Join(LessonCatalog.All.Where(l => l.Datasets.Count > 0).Select(l => l.Name))}.");
        }

        if (!accepted.Contains(dataset))
        {
            var known = Names.Contains(dataset) ? "" : $" ('{dataset}' is not a dataset; known: {Join(Names)})";
            throw new ArgumentException(
                $"--dataset {dataset}: lesson '{lesson.Name}' trains on {Join(accepted)} (default " +
                $"{accepted[0]}){known}.");
        }
    }

    /// <summary>
    /// For a run of several lessons (<c>lessons run all</c>): <paramref name="dataset"/> applies to the lessons that
    /// accept it and the others keep their own data, so it must be one that at least one lesson accepts.
    /// </summary>
    /// <exception cref="ArgumentException">No lesson trains on <paramref name="dataset"/>.</exception>
    public static void CheckAny(IReadOnlyList<ILesson> lessons, string? dataset)
    {
        if (dataset is not null && !lessons.Any(l => l.Datasets.Contains(dataset)))
        {
            var accepted = lessons.SelectMany(l => l.Datasets).Distinct();
            throw new ArgumentException(
                $"--dataset {dataset}: no lesson trains on it; the lessons accept {Join(accepted)}.");
        }
    }

    /// <summary>The dataset <paramref name="lesson"/> runs on when <paramref name="dataset"/> was asked for: that one
    /// if the lesson accepts it, else null (its default, or none).</summary>
    public static string? For(ILesson lesson, string? dataset) =>
        dataset is not null && lesson.Datasets.Contains(dataset) ? dataset : null;

    /// <summary>The spec of the dataset named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    public static ImageDatasetSpec Spec(string name) => name switch
    {
        FashionMnist => DatasetSpec.FashionMnist,
        Mnist => DatasetSpec.Mnist,
        Cifar10 => Cifar10Spec.Cifar10,
        _ => throw new ArgumentException($"--dataset {name}: not a dataset; expected one of {Join(Names)}."),
    };

    /// <summary>Loads the dataset named <paramref name="name"/> from the places <paramref name="search"/> names onto
    /// <paramref name="backend"/>.</summary>
    /// <exception cref="ArgumentException">An unknown name.</exception>
    /// <exception cref="DatasetException">The dataset's files are not found or not usable.</exception>
    public static ImageDataset Load(string name, DataSearch search, IBackend backend) => Spec(name) switch
    {
        Cifar10Spec cifar => Data.Cifar10.Upload(Cifar10Loader.Load(cifar, search), backend),
        DatasetSpec idx => new ImageDataset(DatasetLoader.Load(idx, search), backend),
        var other => throw new ArgumentException($"--dataset {name}: no loader for {other.Name}."),
    };

    private static string Join(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Join("", list) : $"{string.Join(", ", list[..^1])} or {list[^1]}";
    }
}
