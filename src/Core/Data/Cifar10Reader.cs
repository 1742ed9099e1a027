namespace Lessons.Data;

/// <summary>
/// Reads CIFAR-10's binary batch files from one folder. Each file is a run of fixed-length records: one label
/// byte (0–9), then the image's 3072 pixel bytes, the red plane, then green, then blue, each row by row — already
/// torch's (C, H, W) order, so a record's pixels only need dividing by 255.
/// </summary>
internal static class Cifar10Reader
{
    /// <summary>
    /// The folder under <paramref name="folder"/> holding the batch files: the folder itself, or its
    /// <see cref="Cifar10Spec.ArchiveFolder"/> subfolder (where extracting the archive puts them); with the files
    /// the chosen folder lacks (empty when it holds all).
    /// </summary>
    public static (string Folder, List<string> Missing) Find(Cifar10Spec spec, string folder)
    {
        var inside = Path.Combine(folder, spec.ArchiveFolder);
        var candidates = new[] { folder, inside }
            .Select(f => (Folder: f, Missing: spec.Files.Where(n => !File.Exists(Path.Combine(f, n))).ToList()))
            .ToList();
        // The one holding all files, else the one holding more (so the message names the fewest missing).
        return candidates.OrderBy(c => c.Missing.Count).First();
    }

    /// <summary>
    /// Reads every batch file of <paramref name="spec"/> in <paramref name="folder"/>, in parallel. Every bad file is
    /// reported in <paramref name="problems"/>, not only the first; null when there is any.
    /// </summary>
    public static (ImageSet Train, ImageSet Test, string[] Paths)? Read(
        Cifar10Spec spec, string folder, List<DatasetException> problems)
    {
        var paths = spec.Files.Select(f => Path.Combine(folder, f)).ToArray();
        var size = spec.Channels * spec.Height * spec.Width;
        var trainCount = spec.TrainFiles.Count * spec.RecordsPerFile;
        var testCount = spec.TestFiles.Count * spec.RecordsPerFile;
        var images = new[] { new float[(long)trainCount * size], new float[(long)testCount * size] };
        var labels = new[] { new int[trainCount], new int[testCount] };
        var errors = new DatasetException?[paths.Length];
        Parallel.For(0, paths.Length, i =>
        {
            // File i fills its own slice of the training or test arrays.
            var (set, slot) = i < spec.TrainFiles.Count ? (0, i) : (1, i - spec.TrainFiles.Count);
            var first = slot * spec.RecordsPerFile;
            try
            {
                ReadFile(spec, paths[i], images[set].AsSpan(first * size, spec.RecordsPerFile * size),
                    labels[set].AsSpan(first, spec.RecordsPerFile));
            }
            catch (DatasetException e)
            {
                errors[i] = e;
            }
        });

        problems.AddRange(errors.OfType<DatasetException>());
        if (problems.Count > 0)
        {
            return null;
        }

        return (new ImageSet(images[0], labels[0], spec.Channels, spec.Height, spec.Width),
            new ImageSet(images[1], labels[1], spec.Channels, spec.Height, spec.Width),
            paths);
    }

    /// <summary>Reads one batch file into <paramref name="pixels"/> and <paramref name="labels"/>, after checking
    /// its length and every label.</summary>
    public static void ReadFile(Cifar10Spec spec, string path, Span<float> pixels, Span<int> labels)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException($"'{path}': could not be read: {e.Message}", path, e);
        }

        CheckLength(spec, path, bytes.LongLength);
        var size = spec.RecordLength - 1;
        for (var r = 0; r < spec.RecordsPerFile; r++)
        {
            var record = bytes.AsSpan(r * spec.RecordLength, spec.RecordLength);
            if (record[0] >= spec.ClassNames.Count)
            {
                throw new DatasetException(
                    $"'{path}': record {r} has label {record[0]}; expected 0..{spec.ClassNames.Count - 1} " +
                    $"({spec.Name} has {spec.ClassNames.Count} classes). The file is corrupt or is not a " +
                    $"{spec.Name} batch file.",
                    path);
            }

            labels[r] = record[0];
            PixelConversion.ToUnitFloat(record[1..], pixels.Slice(r * size, size));
        }
    }

    /// <summary>A batch file must be exactly <see cref="Cifar10Spec.FileLength"/> bytes; says how it is not.</summary>
    public static void CheckLength(Cifar10Spec spec, string path, long length)
    {
        if (length == spec.FileLength)
        {
            return;
        }

        var layout = $"{spec.RecordLength}-byte records (1 label byte + {spec.Channels}x{spec.Height}x{spec.Width} " +
            "pixel bytes)";
        var expected = $"expected {spec.FileLength} bytes: {spec.RecordsPerFile} {layout}";
        if (length % spec.RecordLength != 0)
        {
            throw new DatasetException(
                $"'{path}': truncated record: {length} bytes end {length % spec.RecordLength} bytes into record " +
                $"{length / spec.RecordLength}; {expected}. The file was cut short; delete it and fetch it again.",
                path);
        }

        throw new DatasetException(
            $"'{path}': wrong size: {length} bytes hold {length / spec.RecordLength} records; {expected}. It is not " +
            $"{spec.Name}'s binary batch file (the Python and MATLAB versions are not read).",
            path);
    }
}
