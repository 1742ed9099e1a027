using Lessons.Data;
using static Lessons.Tests.Data.IdxTestFiles;

namespace Lessons.Tests.Data;

public class IdxReaderTests
{
    private TempFolder folder = null!;

    [SetUp]
    public void CreateFolder() => folder = new TempFolder();

    [TearDown]
    public void DeleteFolder() => folder.Dispose();

    private string Write(string name, byte[] bytes)
    {
        var path = folder[name];
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Reads_images_raw_and_gzipped_with_dimensions_and_payload(bool gzip)
    {
        var bytes = Images(5, 4, 3);
        var path = Write(gzip ? "images.gz" : "images", gzip ? Gzip(bytes) : bytes);

        var idx = IdxReader.Read(path, IdxReader.ImagesMagic);

        idx.ElementType.Should().Be(IdxElementType.UnsignedByte);
        idx.Dimensions.Should().Equal(5, 4, 3);
        idx.Count.Should().Be(5);
        idx.HeaderLength.Should().Be(16);
        idx.Payload.ToArray().Should().Equal(Pixels(5, 12));
        idx.Bytes.Should().Equal(bytes);
    }

    [Test]
    public void Recognises_gzip_by_content_not_by_name()
    {
        var path = Write("labels-without-extension", Gzip(Labels(3)));

        IdxReader.Read(path, IdxReader.LabelsMagic).Payload.ToArray().Should().Equal(0, 1, 2);
    }

    [Test]
    public void Wrong_magic_names_the_file_the_expected_and_the_found_number()
    {
        var path = Write("images", Idx(0x12345678, [1], [0]));

        var act = () => IdxReader.Read(path, IdxReader.ImagesMagic);

        act.Should().Throw<DatasetException>()
            .WithMessage($"'{path}': not an IDX file: magic number 305419896 (0x12345678), expected 2051 (images*")
            .Which.Path.Should().Be(path);
    }

    [Test]
    public void A_label_file_given_for_images_is_named_as_such()
    {
        var path = Write("labels", Labels(4));

        var act = () => IdxReader.Read(path, IdxReader.ImagesMagic);

        act.Should().Throw<DatasetException>().WithMessage(
            $"'{path}': magic number 2049 (1 dimensions) — this looks like labels: unsigned bytes, 1 dimension; " +
            "expected 2051 (images: unsigned bytes, 3 dimensions).");
    }

    [TestCase(0x09, "0x09 (signed byte)")]
    [TestCase(0x0B, "0x0B (int16)")]
    [TestCase(0x0C, "0x0C (int32)")]
    [TestCase(0x0D, "0x0D (float32)")]
    [TestCase(0x0E, "0x0E (float64)")]
    public void Other_element_types_are_refused_by_name(int type, string name)
    {
        var path = Write("floats", Idx((type << 8) | 3, [1, 1, 1], [0, 0, 0, 0]));

        var act = () => IdxReader.Read(path, IdxReader.ImagesMagic);

        act.Should().Throw<DatasetException>()
            .WithMessage($"'{path}': IDX element type {name} is not supported; expected magic number 2051*");
    }

    [TestCase(false)]
    [TestCase(true)]
    public void A_short_payload_is_truncated_with_both_lengths(bool gzip)
    {
        var bytes = Images(5, 4, 3)[..^7];
        var path = Write(gzip ? "short.gz" : "short", gzip ? Gzip(bytes) : bytes);

        var act = () => IdxReader.Read(path, IdxReader.ImagesMagic);

        act.Should().Throw<DatasetException>().WithMessage(
            $"'{path}': truncated: payload is 53 bytes, expected 60 (dimensions 5x4x3, one byte each).");
    }

    [Test]
    public void A_gzip_file_cut_short_is_an_error_not_a_partial_dataset()
    {
        var gz = Gzip(Images(200, 28, 28));
        var path = Write("cut.gz", gz[..(gz.Length / 2)]);

        var act = () => IdxReader.Read(path, IdxReader.ImagesMagic);

        act.Should().Throw<DatasetException>().WithMessage($"'{path}': *")
            .Which.Message.Should().MatchRegex("truncated: payload is \\d+ bytes, expected 156800|corrupt gzip");
    }

    [Test]
    public void Extra_bytes_after_the_payload_are_an_error()
    {
        var path = Write("long", [.. Labels(3), 9, 9]);

        var act = () => IdxReader.Read(path, IdxReader.LabelsMagic);

        act.Should().Throw<DatasetException>()
            .WithMessage($"'{path}': too long: payload is 5 bytes, expected 3 (dimensions 3, one byte each).");
    }

    [Test]
    public void A_truncated_header_is_an_error()
    {
        var path = Write("header", Images(5)[..10]);

        var act = () => IdxReader.Read(path, IdxReader.ImagesMagic);

        act.Should().Throw<DatasetException>().WithMessage(
            $"'{path}': truncated header: 10 bytes, expected 16 (magic number and 3 dimensions).");
    }

    [Test]
    public void A_dot_gz_file_that_is_not_gzip_says_which_bytes_it_found()
    {
        var path = Write("labels.gz", Labels(3));

        var act = () => IdxReader.Read(path, IdxReader.LabelsMagic);

        act.Should().Throw<DatasetException>()
            .WithMessage($"'{path}': not a gzip file: expected it to start with bytes 1F 8B, found 0000.");
    }

    [Test]
    public void Corrupt_deflate_data_is_a_bad_gzip_error()
    {
        var gz = Gzip(Images(50, 28, 28));
        for (var i = 12; i < 60; i++)
        {
            gz[i] = 0xFF; // the deflate stream right after the 10-byte gzip header
        }

        var path = Write("corrupt.gz", gz);

        var act = () => IdxReader.Read(path, IdxReader.ImagesMagic);

        act.Should().Throw<DatasetException>().WithMessage($"'{path}': corrupt gzip data (*")
            .Which.InnerException.Should().BeOfType<InvalidDataException>();
    }

    [Test]
    public void A_missing_file_is_named()
    {
        var path = folder["nothing-here.gz"];

        var act = () => IdxReader.Read(path, IdxReader.LabelsMagic);

        act.Should().Throw<DatasetException>().WithMessage($"'{path}': file not found.");
    }

    [Test]
    public void An_empty_file_is_truncated()
    {
        var path = Write("empty", []);

        var act = () => IdxReader.Read(path, IdxReader.LabelsMagic);

        act.Should().Throw<DatasetException>().WithMessage(
            $"'{path}': truncated: 0 bytes, too short for an IDX magic number; expected 2049 (labels*");
    }
}
