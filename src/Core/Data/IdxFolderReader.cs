namespace Lessons.Data;

/// <summary>
/// Reads the four IDX files of a dataset from one folder: each file read, decompressed, checked and verified
/// in parallel (the training images dominate), images converted to floats, then the pairs cross-checked
/// (image and label counts agree, labels name a class, train and test images have one size).
/// </summary>
internal static class IdxFolderReader
{
    /// <summary>The path of <paramref name="file"/> in <paramref name="folder"/>: the <c>.gz</c> if present,
    /// else the uncompressed file, else null.</summary>
    public static string? Find(string folder, DatasetFile file)
    {
        var gz = Path.Combine(folder, file.GzipName);
        if (File.Exists(gz))
        {
            return gz;
        }

        var raw = Path.Combine(folder, file.Name);
        return File.Exists(raw) ? raw : null;
    }

    /// <summary>
    /// Reads the files at <paramref name="paths"/> (in the order of <see cref="DatasetSpec.Files"/>).
    /// Every problem found is returned, one per bad file, rather than only the first, so a caller that can
    /// fetch the files again knows all the ones to fetch.
    /// </summary>
    public static (ImageSet Train, ImageSet Test, string[] Checks)? Read(
        DatasetSpec spec, IReadOnlyList<string> paths, bool verify, List<DatasetException> problems)
    {
        var files = spec.Files;
        var checks = new string[files.Count];
        var idx = new IdxFile?[files.Count];
        var pixels = new float[]?[files.Count];
        var errors = new DatasetException?[files.Count];
        Parallel.For(0, files.Count, i =>
        {
            try
            {
                var bytes = IdxReader.ReadAllBytes(paths[i]);
                idx[i] = IdxReader.Parse(paths[i], bytes, files[i].Magic);
                checks[i] = verify
                    ? Checksums.Verify(spec.Name, files[i], paths[i], bytes, idx[i]!)
                    : "checksum not checked";
                if (files[i].Magic == IdxReader.ImagesMagic)
                {
                    pixels[i] = PixelConversion.ToUnitFloat(idx[i]!.Bytes.AsMemory(idx[i]!.HeaderLength));
                }
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

        try
        {
            var train = Pair(spec, idx[0]!, pixels[0]!, idx[1]!);
            var test = Pair(spec, idx[2]!, pixels[2]!, idx[3]!);
            if (train.Height != test.Height || train.Width != test.Width)
            {
                throw new DatasetException(
                    $"'{idx[2]!.Path}': test images are {test.Height}x{test.Width}, expected " +
                    $"{train.Height}x{train.Width} like the training images in '{idx[0]!.Path}'.",
                    idx[2]!.Path);
            }

            return (train, test, checks);
        }
        catch (DatasetException e)
        {
            problems.Add(e);
            return null;
        }
    }

    private static ImageSet Pair(DatasetSpec spec, IdxFile images, float[] pixels, IdxFile labels)
    {
        if (images.Count != labels.Count)
        {
            throw new DatasetException(
                $"'{images.Path}' holds {images.Count} images but '{labels.Path}' holds {labels.Count} labels; " +
                "expected one label per image.",
                labels.Path);
        }

        var classes = spec.ClassNames.Count;
        var payload = labels.Payload;
        var values = new int[payload.Length];
        for (var i = 0; i < payload.Length; i++)
        {
            values[i] = payload[i];
            if (values[i] >= classes)
            {
                throw new DatasetException(
                    $"'{labels.Path}': label {values[i]} at index {i} is out of range; expected 0..{classes - 1} " +
                    $"({spec.Name} has {classes} classes).",
                    labels.Path);
            }
        }

        return new ImageSet(pixels, values, images.Dimensions[1], images.Dimensions[2]);
    }
}
