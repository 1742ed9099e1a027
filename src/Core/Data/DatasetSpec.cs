namespace Lessons.Data;

/// <summary>
/// What identifies a dataset of IDX files: its four files with their checksums and the mirrors it may be
/// downloaded from (where else it may be found, and its class names, are <see cref="ImageDatasetSpec"/>'s).
/// <see cref="FashionMnist"/> and <see cref="Mnist"/> are the two the lessons use.
/// </summary>
public sealed record DatasetSpec : ImageDatasetSpec
{
    /// <summary>The training images file.</summary>
    public required DatasetFile TrainImages { get; init; }

    /// <summary>The training labels file.</summary>
    public required DatasetFile TrainLabels { get; init; }

    /// <summary>The test images file.</summary>
    public required DatasetFile TestImages { get; init; }

    /// <summary>The test labels file.</summary>
    public required DatasetFile TestLabels { get; init; }

    /// <summary>Base URLs (ending in '/') that serve the <c>.gz</c> files, tried in order.</summary>
    public required IReadOnlyList<Uri> Mirrors { get; init; }

    /// <summary>The four files: train images, train labels, test images, test labels.</summary>
    public IReadOnlyList<DatasetFile> Files => [TrainImages, TrainLabels, TestImages, TestLabels];

    /// <summary>Fashion-MNIST (Xiao, Rasul and Vollgraf 2017), the one d2l uses; checksums from DESIGN.md.</summary>
    public static DatasetSpec FashionMnist { get; } = new()
    {
        Name = "Fashion-MNIST",
        CacheName = "fashion-mnist",
        TrainImages = new(
            "train-images-idx3-ubyte",
            IdxReader.ImagesMagic,
            "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            47040016),
        TrainLabels = new(
            "train-labels-idx1-ubyte",
            IdxReader.LabelsMagic,
            "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            60008),
        TestImages = new(
            "t10k-images-idx3-ubyte",
            IdxReader.ImagesMagic,
            "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            7840016),
        TestLabels = new(
            "t10k-labels-idx1-ubyte",
            IdxReader.LabelsMagic,
            "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
            10008),
        EnvironmentVariable = "FASHION_MNIST_DIR",
        UsesConfigDataDir = true,
        SystemFolders = ["/usr/share/datasets/fashion-mnist"],
        InstallHint = "sudo apt-get install dataset-fashion-mnist",
        Mirrors =
        [
            new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            new Uri("https://storage.googleapis.com/tensorflow/tf-keras-datasets/"),
        ],
        ClassNames =
        [
            "t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot",
        ],
    };

    /// <summary>
    /// The original MNIST digits (LeCun, Cortes and Burges). Only the published <c>.gz</c> SHA-256 values are
    /// known (the ones torchvision and TensorFlow Datasets check); an uncompressed copy is checked by its
    /// IDX structure and length alone.
    /// </summary>
    public static DatasetSpec Mnist { get; } = new()
    {
        Name = "MNIST",
        CacheName = "mnist",
        TrainImages = new(
            "train-images-idx3-ubyte",
            IdxReader.ImagesMagic,
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            null,
            47040016),
        TrainLabels = new(
            "train-labels-idx1-ubyte",
            IdxReader.LabelsMagic,
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            null,
            60008),
        TestImages = new(
            "t10k-images-idx3-ubyte",
            IdxReader.ImagesMagic,
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            null,
            7840016),
        TestLabels = new(
            "t10k-labels-idx1-ubyte",
            IdxReader.LabelsMagic,
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
            null,
            10008),
        EnvironmentVariable = "MNIST_DIR",
        DataDirSubfolder = "mnist",
        Mirrors =
        [
            new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            new Uri("https://storage.googleapis.com/cvdf-datasets/mnist/"),
        ],
        ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    };
}
