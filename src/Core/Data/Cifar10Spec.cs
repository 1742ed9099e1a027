namespace Lessons.Data;

/// <summary>
/// What identifies CIFAR-10's binary version (Krizhevsky 2009): the batch files and their record layout, and the
/// archive they come in with its published size and MD5. <see cref="Cifar10"/> is the real one; tests make small
/// ones of the same layout.
/// </summary>
public sealed record Cifar10Spec : ImageDatasetSpec
{
    /// <summary>The training batch files, read in this order: <c>data_batch_1.bin</c> … <c>data_batch_5.bin</c>.
    /// </summary>
    public required IReadOnlyList<string> TrainFiles { get; init; }

    /// <summary>The test batch files: <c>test_batch.bin</c>.</summary>
    public required IReadOnlyList<string> TestFiles { get; init; }

    /// <summary>Records in each batch file: 10,000.</summary>
    public required int RecordsPerFile { get; init; }

    /// <summary>Colour channels of each image: 3 (red, green, blue planes, in that order).</summary>
    public required int Channels { get; init; }

    /// <summary>Rows of each image: 32.</summary>
    public required int Height { get; init; }

    /// <summary>Columns of each image: 32.</summary>
    public required int Width { get; init; }

    /// <summary>The folder the archive's members live in, and a subfolder searched in every place:
    /// <c>cifar-10-batches-bin</c>.</summary>
    public required string ArchiveFolder { get; init; }

    /// <summary>The archive's file name: <c>cifar-10-binary.tar.gz</c>.</summary>
    public required string ArchiveName { get; init; }

    /// <summary>URLs that serve the archive, tried in order.</summary>
    public required IReadOnlyList<Uri> ArchiveUrls { get; init; }

    /// <summary>The archive's published length in bytes: 170,052,171.</summary>
    public required long ArchiveLength { get; init; }

    /// <summary>The archive's published MD5 (lower-case hex): c32a1d4ab5d03f1284b67883e8d87530.</summary>
    public required string ArchiveMd5 { get; init; }

    /// <summary>Bytes of one record: one label byte, then the pixels, channel by channel (3073).</summary>
    public int RecordLength => 1 + (Channels * Height * Width);

    /// <summary>Bytes of one batch file (30,730,000).</summary>
    public long FileLength => (long)RecordsPerFile * RecordLength;

    /// <summary>The six batch files, training ones first.</summary>
    public IReadOnlyList<string> Files => [.. TrainFiles, .. TestFiles];

    /// <summary>CIFAR-10 as published at https://www.cs.toronto.edu/~kriz/cifar.html (the binary version).</summary>
    public static Cifar10Spec Cifar10 { get; } = new()
    {
        Name = "CIFAR-10",
        CacheName = "cifar-10",
        EnvironmentVariable = "CIFAR10_DIR",
        DataDirSubfolder = "cifar-10-batches-bin",
        TrainFiles = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
            "data_batch_5.bin"],
        TestFiles = ["test_batch.bin"],
        RecordsPerFile = 10000,
        Channels = 3,
        Height = 32,
        Width = 32,
        ArchiveFolder = "cifar-10-batches-bin",
        ArchiveName = "cifar-10-binary.tar.gz",
        ArchiveUrls = [new Uri("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")],
        ArchiveLength = 170052171,
        ArchiveMd5 = "c32a1d4ab5d03f1284b67883e8d87530",
        // batches.meta.txt in the archive, in label order.
        ClassNames = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
    };
}
