using System.Formats.Tar;
using Lessons.Data;
using static Lessons.Tests.Data.CifarTestFiles;

namespace Lessons.Tests.Data;

/// <summary>
/// The CIFAR-10 loader on small batch files and archives the tests make (no package ships CIFAR-10): every place
/// searched, every way a file or a download can be wrong, and an archive that tries to write outside the cache.
/// </summary>
public class Cifar10LoaderTests
{
    private const string Url = "http://mirror.invalid/cifar.tar.gz";
    private TempFolder root = null!;
    private Cifar10Spec spec = null!;

    [SetUp]
    public void CreateFolders()
    {
        root = new TempFolder();
        spec = TinySpec(url: Url);
    }

    [TearDown]
    public void DeleteFolders() => root.Dispose();

    /// <summary>A search over this test's empty folders, downloads off: nothing of the machine leaks in.</summary>
    private DataSearch EmptySearch() => new()
    {
        CacheFolder = root["cache"],
        Download = false,
        OfflineReason = "--offline",
    };

    private DataSearch Downloading(StubHttpHandler handler) =>
        EmptySearch() with { Download = true, HttpHandler = handler };

    [Test]
    public void Reads_the_five_training_batches_in_order_and_the_test_batch_as_chw_floats()
    {
        WriteTiny(root["data"]);

        var data = Cifar10Loader.Load(spec, EmptySearch() with { Path = root["data"] });

        data.Train.Count.Should().Be(5 * Records);
        data.Test.Count.Should().Be(Records);
        (data.Train.Channels, data.Train.Height, data.Train.Width).Should().Be((3, 2, 2));
        data.Train.Labels.Should().Equal(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        data.Test.Labels.Should().Equal(0, 1);
        // Record 1 of data_batch_3.bin is training image 5; its 12 pixels keep the file's CHW order.
        data.Train.Image(5).ToArray().Should().Equal(Enumerable.Range(0, 12).Select(k => Pixel(2, 1, k) / 255f));
        data.Test.Image(0).ToArray().Should().Equal(Enumerable.Range(0, 12).Select(k => Pixel(5, 0, k) / 255f));
        data.Location.Source.Kind.Should().Be(DataSourceKind.ExplicitPath);
        data.Location.Files.Should().HaveCount(6).And.OnlyContain(f => f.StartsWith(root["data"]));
        data.Location.Checks.Should().AllSatisfy(c => c.Should().StartWith("length and labels checked"));
    }

    [Test]
    public void Finds_the_files_in_the_folder_the_archive_extracts_to()
    {
        WriteTiny(Path.Combine(root["env"], "cifar-10-batches-bin"));

        var data = Cifar10Loader.Load(spec, EmptySearch() with { EnvironmentFolder = root["env"] });

        data.Location.Source.Should().Be(new DataSource(
            DataSourceKind.EnvironmentVariable, Path.Combine(root["env"], "cifar-10-batches-bin"), "TINY_CIFAR_DIR"));
        data.Train.Count.Should().Be(10);
    }

    [Test]
    public void A_truncated_record_says_where_the_file_was_cut()
    {
        WriteTiny(root["data"]);
        var cut = Path.Combine(root["data"], "data_batch_4.bin");
        File.WriteAllBytes(cut, Batch(3)[..^5]);

        var act = () => Cifar10Loader.Load(spec, EmptySearch() with { Path = root["data"] });

        act.Should().Throw<DatasetException>().WithMessage(
            $"Tiny-CIFAR in {root["data"]} (the path given) is not usable: '{cut}': truncated record: 21 bytes " +
            "end 8 bytes into record 1; expected 26 bytes: 2 13-byte records (1 label byte + 3x2x2 pixel bytes).*")
            .Which.Path.Should().Be(cut);
    }

    [Test]
    public void A_file_of_whole_records_but_the_wrong_count_is_the_wrong_size()
    {
        WriteTiny(root["data"]);
        var longer = Path.Combine(root["data"], "test_batch.bin");
        File.WriteAllBytes(longer, [.. Batch(5), .. Batch(5)[..13]]);

        var act = () => Cifar10Loader.Load(spec, EmptySearch() with { Path = root["data"] });

        act.Should().Throw<DatasetException>().WithMessage(
            $"*'{longer}': wrong size: 39 bytes hold 3 records; expected 26 bytes*");
    }

    [Test]
    public void The_real_spec_expects_ten_thousand_records_of_3073_bytes_per_file()
    {
        var cifar = Cifar10Spec.Cifar10;
        (cifar.RecordLength, cifar.FileLength, cifar.RecordsPerFile).Should().Be((3073, 30_730_000L, 10000));
        (cifar.ArchiveLength, cifar.ArchiveMd5).Should().Be((170_052_171L, "c32a1d4ab5d03f1284b67883e8d87530"));
        cifar.Files.Should().Equal("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin",
            "data_batch_5.bin", "test_batch.bin");
        WriteTiny(root["data"]);

        var act = () => Cifar10.Load(EmptySearch() with { Path = root["data"] });

        act.Should().Throw<DatasetException>().WithMessage(
            "CIFAR-10 in * is not usable:*truncated record: 26 bytes end 26 bytes into record 0; expected 30730000 " +
            "bytes: 10000 3073-byte records (1 label byte + 3x32x32 pixel bytes)*");
    }

    [Test]
    public void A_label_outside_the_ten_classes_is_an_error()
    {
        WriteTiny(root["data"]);
        var bytes = Batch(0);
        bytes[13] = 10;
        var bad = Path.Combine(root["data"], "data_batch_1.bin");
        File.WriteAllBytes(bad, bytes);

        var act = () => Cifar10Loader.Load(spec, EmptySearch() with { Path = root["data"] });

        act.Should().Throw<DatasetException>().WithMessage(
            $"*'{bad}': record 1 has label 10; expected 0..9 (Tiny-CIFAR has 10 classes).*");
    }

    [Test]
    public void A_named_folder_missing_files_is_an_error_listing_them_even_when_the_cache_has_them()
    {
        WriteTiny(root["named"]);
        File.Delete(Path.Combine(root["named"], "data_batch_2.bin"));
        File.Delete(Path.Combine(root["named"], "test_batch.bin"));
        WriteTiny(root["cache"]);

        var act = () => Cifar10Loader.Load(spec, EmptySearch() with { EnvironmentFolder = root["named"] });

        act.Should().Throw<DatasetException>().WithMessage(
            $"Tiny-CIFAR: {root["named"]} (TINY_CIFAR_DIR) lacks data_batch_2.bin, test_batch.bin. Expected *")
            .Which.Path.Should().Be(root["named"]);
    }

    [Test]
    public void A_folder_holding_the_archive_instead_of_the_files_says_how_to_extract_it()
    {
        Directory.CreateDirectory(root["named"]);
        var archive = Path.Combine(root["named"], "cifar-10-binary.tar.gz");
        File.WriteAllBytes(archive, Archive());

        var act = () => Cifar10Loader.Load(spec, EmptySearch() with { Path = root["named"] });

        act.Should().Throw<DatasetException>().WithMessage(
            $"*lacks data_batch_1.bin,*It holds cifar-10-binary.tar.gz: extract it there with 'tar xzf {archive} " +
            $"-C {root["named"]}'.");
    }

    [Test]
    public void A_named_folder_that_does_not_exist_is_an_error_about_it()
    {
        var act = () => Cifar10Loader.Load(spec, EmptySearch() with { Path = root["typo"] });

        act.Should().Throw<DatasetException>().WithMessage(
            $"Tiny-CIFAR: {root["typo"]} (the path given): the folder does not exist.*");
    }

    [Test]
    public void Absent_everywhere_the_error_lists_each_place_looked_and_how_to_get_it()
    {
        Directory.CreateDirectory(root["cache"]);
        File.WriteAllBytes(Path.Combine(root["cache"], "data_batch_1.bin"), Batch(0));
        var search = EmptySearch() with { ConfigFolder = root["config"], ConfigSource = root["lessons.json"] };

        var act = () => Cifar10Loader.Load(spec, search);

        var message = act.Should().Throw<DatasetException>().Which.Message;
        message.Should().StartWith("Tiny-CIFAR was not found. Looked in:");
        message.Should().Contain("the path given: none");
        message.Should().Contain("TINY_CIFAR_DIR: not set");
        message.Should().Contain($"{Path.Combine(root["config"], "cifar-10-batches-bin")} (the cifar-10-batches-bin " +
            $"subfolder of dataDir in {root["lessons.json"]}): the folder does not exist");
        message.Should().Contain($"{root["cache"]} (user cache): missing data_batch_2.bin, data_batch_3.bin, " +
            "data_batch_4.bin, data_batch_5.bin, test_batch.bin");
        message.Should().Contain("download: disabled (--offline)");
        message.Should().Contain($"download {Url} ({spec.ArchiveLength} bytes, MD5 {spec.ArchiveMd5}");
        message.Should().Contain("tar xzf cifar-10-binary.tar.gz -C DIR' and set TINY_CIFAR_DIR to DIR");
        message.Should().Contain($"or put data_batch_1.bin, data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, " +
            $"data_batch_5.bin, test_batch.bin in {root["cache"]}");
        message.Should().Contain("run without --offline");
    }

    [Test]
    public void The_real_dataset_absent_names_cifar10_dir_the_archive_and_its_checksum()
    {
        var act = () => Cifar10.Load(EmptySearch());

        var message = act.Should().Throw<DatasetException>().Which.Message;
        message.Should().StartWith("CIFAR-10 was not found.");
        message.Should().Contain("CIFAR10_DIR: not set");
        message.Should().Contain("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (170052171 bytes, " +
            "MD5 c32a1d4ab5d03f1284b67883e8d87530");
    }

    [Test]
    public void Downloads_the_archive_verifies_it_and_extracts_the_six_files_into_the_cache()
    {
        var handler = new StubHttpHandler(new() { [Url] = Archive() });

        var data = Cifar10Loader.Load(spec, Downloading(handler));

        data.Location.Source.Kind.Should().Be(DataSourceKind.Download);
        data.Location.Downloaded.Should().HaveCount(6);
        data.Location.Checks.Should().AllSatisfy(c => c.Should().Contain("MD5 were verified"));
        data.Train.Labels.Should().Equal(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Directory.GetFileSystemEntries(root["cache"]).Select(Path.GetFileName)
            .Should().BeEquivalentTo(spec.Files, "only the six batch files are kept: no archive, no temporary file");
        foreach (var (name, bytes) in Files())
        {
            File.ReadAllBytes(Path.Combine(root["cache"], name)).Should().Equal(bytes);
        }

        // The second load finds the cache and asks the network nothing.
        Cifar10Loader.Load(spec, Downloading(handler)).Location.Source.Kind.Should().Be(DataSourceKind.UserCache);
        handler.Requests.Should().ContainSingle();
    }

    [Test]
    public void An_archive_whose_md5_differs_is_never_unpacked()
    {
        var archive = Archive();
        archive[archive.Length / 2] ^= 0x40;
        var handler = new StubHttpHandler(new() { [Url] = archive });

        var act = () => Cifar10Loader.Load(spec, Downloading(handler));

        var message = act.Should().Throw<DatasetException>().Which.Message;
        message.Should().Contain($"download: failed: Could not download Tiny-CIFAR's cifar-10-binary.tar.gz:");
        message.Should().Contain($"{Url}: checksum mismatch: the MD5 of the archive is {Md5(archive)}, expected " +
            $"{spec.ArchiveMd5}.");
        Directory.GetFileSystemEntries(root["cache"])
            .Should().BeEmpty("nothing is extracted from an unverified archive");
    }

    [Test]
    public void A_download_of_the_wrong_length_is_refused()
    {
        var handler = new StubHttpHandler(new() { [Url] = Archive()[..^10] });

        var act = () => Cifar10Loader.Load(spec, Downloading(handler));

        act.Should().Throw<DatasetException>().WithMessage(
            $"*{Url}: the download ended after {spec.ArchiveLength - 10} bytes; expected {spec.ArchiveLength} bytes.*");
        Directory.GetFileSystemEntries(root["cache"]).Should().BeEmpty();
    }

    [Test]
    public void A_server_error_is_named_with_its_url()
    {
        var act = () => Cifar10Loader.Load(spec, Downloading(new StubHttpHandler([])));

        act.Should().Throw<DatasetException>().WithMessage($"*download: failed:*{Url}: HTTP 404 Not Found*");
    }

    [Test]
    public void Hostile_member_names_write_nothing_outside_the_cache()
    {
        var escape = Path.Combine(root.Path, "escape.bin");
        var absolute = Path.Combine(root.Path, "absolute.bin");
        var archive = Archive(
        [
            Regular("../escape.bin", Batch(0)),
            Regular("cifar-10-batches-bin/../../escape.bin", Batch(0)),
            Regular(absolute, Batch(0)),
            Link("cifar-10-batches-bin/readme.html", "/etc/passwd"),
            Regular("cifar-10-batches-bin/data_batch_1.bin/../../../escape.bin", Batch(0)),
        ]);
        var handler = new StubHttpHandler(new() { [Url] = archive });
        var hostile = TinySpec(archive, Url);

        var data = Cifar10Loader.Load(hostile, Downloading(handler));

        data.Train.Count.Should().Be(10);
        File.Exists(escape).Should().BeFalse();
        File.Exists(absolute).Should().BeFalse();
        Directory.GetFileSystemEntries(root.Path).Should().Equal(root["cache"]);
        Directory.GetFileSystemEntries(root["cache"]).Select(Path.GetFileName).Should().BeEquivalentTo(spec.Files);
    }

    [Test]
    public void A_link_in_place_of_a_batch_file_is_refused()
    {
        var archive = Archive([Link("cifar-10-batches-bin/data_batch_1.bin", "/etc/passwd")]);
        var handler = new StubHttpHandler(new() { [Url] = archive });

        var act = () => Cifar10Loader.Load(TinySpec(archive, Url), Downloading(handler));

        act.Should().Throw<DatasetException>().WithMessage(
            $"*'{Url}': the member cifar-10-batches-bin/data_batch_1.bin is a symbolic link, expected a regular " +
            "file.*");
        File.Exists(Path.Combine(root["cache"], "data_batch_1.bin")).Should().BeFalse();
    }

    [Test]
    public void An_archive_without_every_batch_file_says_which_it_lacks()
    {
        var archive = Archive(include: name => name != "test_batch.bin");
        var handler = new StubHttpHandler(new() { [Url] = archive });

        var act = () => Cifar10Loader.Load(TinySpec(archive, Url), Downloading(handler));

        act.Should().Throw<DatasetException>().WithMessage(
            $"*'{Url}': the archive lacks cifar-10-batches-bin/test_batch.bin; it is not Tiny-CIFAR's " +
            "cifar-10-binary.tar.gz.*");
    }

    [Test]
    public void A_member_of_the_wrong_length_is_not_extracted()
    {
        var archive = Archive(
            [Regular("cifar-10-batches-bin/data_batch_2.bin", Batch(1)[..20])], name => name != "data_batch_2.bin");
        var handler = new StubHttpHandler(new() { [Url] = archive });

        var act = () => Cifar10Loader.Load(TinySpec(archive, Url), Downloading(handler));

        act.Should().Throw<DatasetException>().WithMessage(
            $"*'{Url}: cifar-10-batches-bin/data_batch_2.bin': truncated record: 20 bytes end 7 bytes into record 1*");
        File.Exists(Path.Combine(root["cache"], "data_batch_2.bin")).Should().BeFalse();
    }

    [Test]
    public void A_bad_cached_file_is_passed_over_and_the_archive_fetched_again()
    {
        WriteTiny(root["cache"]);
        File.WriteAllBytes(Path.Combine(root["cache"], "data_batch_5.bin"), Batch(4)[..7]);
        var handler = new StubHttpHandler(new() { [Url] = Archive() });

        var data = Cifar10Loader.Load(spec, Downloading(handler));

        handler.Requests.Should().Equal(Url);
        data.Location.Skipped.Should().ContainSingle().Which.Should().Contain("truncated record");
        File.ReadAllBytes(Path.Combine(root["cache"], "data_batch_5.bin")).Should().Equal(Batch(4));
    }

    [Test]
    public void The_default_search_reads_cifar10_dir_the_data_dir_subfolder_and_the_cache()
    {
        var environment = new Dictionary<string, string?>
        {
            ["CIFAR10_DIR"] = root["env"],
            ["XDG_CACHE_HOME"] = root["xdg"],
        };
        var config = new Lessons.Configuration.LessonsConfig { DataDir = root["config"] };

        var search = DataSearch.Default(
            Cifar10Spec.Cifar10, config: config, environment: environment.GetValueOrDefault);

        search.Sources(Cifar10Spec.Cifar10).Select(s => (s.Kind, s.Folder, s.UserNamed)).Should().Equal(
            (DataSourceKind.EnvironmentVariable, root["env"], true),
            (DataSourceKind.ConfigDataDir, Path.Combine(root["config"], "cifar-10-batches-bin"), false),
            (DataSourceKind.UserCache, Path.Combine(root["xdg"], "lessons", "cifar-10"), false));
    }

    [Test]
    public void Where_says_which_place_would_be_read_without_reading_it()
    {
        Cifar10Loader.Where(spec, EmptySearch())
            .Should().Be("Tiny-CIFAR: not found, and downloading is off (--offline)");

        WriteTiny(Path.Combine(root["cache"], "cifar-10-batches-bin"));
        Cifar10Loader.Where(spec, EmptySearch()).Should().Be(
            $"Tiny-CIFAR: {Path.Combine(root["cache"], "cifar-10-batches-bin")} (user cache)");
    }

    [Test]
    public void Text_labels_are_the_ten_class_names_and_refuse_other_numbers()
    {
        Cifar10.TextLabels([0, 1, 9]).Should().Equal("airplane", "automobile", "truck");

        var act = () => Cifar10.TextLabels([10]);

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage("Label 10 is out of range: CIFAR-10 has 10 *");
    }
}
