using Lessons.Data;
using static Lessons.Tests.Data.IdxTestFiles;

namespace Lessons.Tests.Data;

public class DatasetLoaderTests
{
    private const string Mirror = "http://mirror.invalid/tiny/";
    private TempFolder root = null!;
    private DatasetSpec spec = null!;

    [SetUp]
    public void CreateFolders()
    {
        root = new TempFolder();
        spec = TinySpec(mirrors: new Uri(Mirror));
    }

    [TearDown]
    public void DeleteFolders() => root.Dispose();

    /// <summary>A search over this test's empty folders, downloads off: nothing of the machine leaks in.</summary>
    private DataSearch EmptySearch() => new()
    {
        SystemFolders = [root["system"]],
        CacheFolder = root["cache"],
        Download = false,
        OfflineReason = "--offline",
    };

    [TestCase(true)]
    [TestCase(false)]
    public void Reads_a_folder_of_gzipped_or_raw_files_into_floats_and_labels(bool gzip)
    {
        WriteTiny(root["data"], gzip: gzip);

        var data = DatasetLoader.Load(spec, EmptySearch() with { Path = root["data"] });

        data.Train.Count.Should().Be(12);
        data.Test.Count.Should().Be(5);
        (data.Train.Height, data.Train.Width).Should().Be((4, 3));
        data.Train.Labels.Should().Equal(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1);
        data.Train.Images.Should().Equal(Pixels(12, 12).Select(b => b / 255f));
        data.Location.Source.Kind.Should().Be(DataSourceKind.ExplicitPath);
        data.Location.Checks.Should().AllBe("SHA-256 of the decompressed bytes verified");
    }

    [Test]
    public void Every_source_absent_lists_each_place_looked_and_the_fix()
    {
        var search = EmptySearch();

        var act = () => DatasetLoader.Load(spec, search);

        var message = act.Should().Throw<DatasetException>().Which.Message;
        message.Should().StartWith("Tiny-MNIST was not found. Looked in:");
        message.Should().Contain($"{root["system"]} (system package: sudo apt-get install dataset-tiny-mnist): " +
            "the folder does not exist");
        message.Should().Contain($"{root["cache"]} (user cache): the folder does not exist");
        message.Should().Contain("TINY_MNIST_DIR: not set");
        message.Should().Contain("dataDir in lessons.json: not set");
        message.Should().Contain("download: disabled (--offline)");
        message.Should().Contain("To get the files:");
        message.Should().Contain("install the package: sudo apt-get install dataset-tiny-mnist");
        message.Should().Contain($"train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, " +
            $"t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz from {Mirror} into {root["cache"]}");
        message.Should().Contain("run without --offline");
    }

    [Test]
    public void Empty_existing_folders_are_listed_with_the_files_they_lack()
    {
        Directory.CreateDirectory(root["system"]);
        Directory.CreateDirectory(root["cache"]);

        var act = () => DatasetLoader.Load(spec, EmptySearch());

        act.Should().Throw<DatasetException>().Which.Message.Should().Contain(
            $"{root["cache"]} (user cache): missing train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, " +
            "t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz");
    }

    [Test]
    public void A_named_folder_without_the_files_is_an_error_about_it_even_when_a_later_place_has_them()
    {
        Directory.CreateDirectory(root["named"]);
        WriteTiny(root["system"]);

        var act = () => DatasetLoader.Load(spec, EmptySearch() with { EnvironmentFolder = root["named"] });

        act.Should().Throw<DatasetException>().WithMessage(
            $"Tiny-MNIST: {root["named"]} (TINY_MNIST_DIR) lacks train-images-idx3-ubyte.gz, *")
            .Which.Path.Should().Be(root["named"]);
    }

    [Test]
    public void A_named_folder_that_does_not_exist_is_an_error_about_it()
    {
        WriteTiny(root["system"]);

        var act = () => DatasetLoader.Load(spec, EmptySearch() with { ConfigFolder = root["typo"] });

        act.Should().Throw<DatasetException>().WithMessage(
            $"Tiny-MNIST: {root["typo"]} (dataDir in lessons.json): the folder does not exist.*");
    }

    [Test]
    public void A_named_folder_with_a_bad_file_is_an_error_naming_that_file()
    {
        WriteTiny(root["named"]);
        var bad = Path.Combine(root["named"], "t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(bad, Gzip(Labels(4)));
        WriteTiny(root["system"]);

        var act = () => DatasetLoader.Load(spec, EmptySearch() with { Path = root["named"] });

        act.Should().Throw<DatasetException>()
            .WithMessage($"Tiny-MNIST in {root["named"]} (the path given) is not usable: '{bad}': *")
            .Which.Path.Should().Be(bad);
    }

    [Test]
    public void Image_and_label_counts_must_agree()
    {
        WriteTiny(root["named"]);
        var labels = Path.Combine(root["named"], "t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(labels, Gzip(Labels(4)));

        var act = () => DatasetLoader.Load(
            spec, EmptySearch() with { Path = root["named"], Verify = false });

        act.Should().Throw<DatasetException>().WithMessage(
            $"*'{Path.Combine(root["named"], "t10k-images-idx3-ubyte.gz")}' holds 5 images but '{labels}' holds " +
            "4 labels; expected one label per image.");
    }

    [Test]
    public void A_checksum_mismatch_names_both_hashes()
    {
        WriteTiny(root["named"]);
        var images = Path.Combine(root["named"], "train-images-idx3-ubyte.gz");
        var changed = Images(12);
        changed[100] ^= 1;
        File.WriteAllBytes(images, Gzip(changed));

        var act = () => DatasetLoader.Load(spec, EmptySearch() with { Path = root["named"] });

        act.Should().Throw<DatasetException>().WithMessage(
            $"*'{images}': checksum mismatch: SHA-256 of the decompressed bytes is {Sha256(changed)}, " +
            $"expected {spec.TrainImages.Sha256}; SHA-256 of the .gz file is *");
    }

    [Test]
    public void A_label_outside_the_classes_is_an_error()
    {
        WriteTiny(root["named"]);
        var bytes = Labels(5);
        bytes[^1] = 10;
        var labels = Path.Combine(root["named"], "t10k-labels-idx1-ubyte.gz");
        File.WriteAllBytes(labels, Gzip(bytes));

        var act = () => DatasetLoader.Load(spec, EmptySearch() with { Path = root["named"], Verify = false });

        act.Should().Throw<DatasetException>().WithMessage(
            $"*'{labels}': label 10 at index 4 is out of range; expected 0..9 (Tiny-MNIST has 10 classes).");
    }

    [Test]
    public void A_broken_system_folder_is_passed_over_for_the_cache_and_noted()
    {
        WriteTiny(root["system"]);
        File.WriteAllBytes(Path.Combine(root["system"], "train-labels-idx1-ubyte.gz"), [1, 2, 3]);
        WriteTiny(root["cache"]);

        var data = DatasetLoader.Load(spec, EmptySearch());

        data.Location.Source.Kind.Should().Be(DataSourceKind.UserCache);
        data.Location.Skipped.Should().ContainSingle().Which.Should().Contain("not a gzip file");
    }

    [Test]
    public void Downloads_into_the_cache_through_the_handler_and_verifies_each_file()
    {
        var handler = new StubHttpHandler(TinyFiles().ToDictionary(p => Mirror + p.Key, p => p.Value));

        var data = DatasetLoader.Load(spec, EmptySearch() with { Download = true, HttpHandler = handler });

        data.Location.Source.Kind.Should().Be(DataSourceKind.Download);
        data.Location.Downloaded.Should().HaveCount(4);
        data.Train.Count.Should().Be(12);
        handler.Requests.Should().HaveCount(4);
        Directory.GetFiles(root["cache"]).Select(Path.GetFileName).Should().BeEquivalentTo(TinyFiles().Keys);

        // The second load finds the cache and asks the network nothing.
        DatasetLoader.Load(spec, EmptySearch() with { Download = true, HttpHandler = handler })
            .Location.Source.Kind.Should().Be(DataSourceKind.UserCache);
        handler.Requests.Should().HaveCount(4);
    }

    [Test]
    public void A_download_that_fails_verification_leaves_no_file_and_says_what_each_mirror_did()
    {
        var second = new Uri("http://second.invalid/");
        var twoMirrors = spec with { Mirrors = [new Uri(Mirror), second] };
        var files = TinyFiles();
        files["train-images-idx3-ubyte.gz"] = Gzip(Images(12, 3, 4)); // right length, wrong content
        var handler = new StubHttpHandler(files.ToDictionary(p => Mirror + p.Key, p => p.Value));

        var act = () => DatasetLoader.Load(twoMirrors, EmptySearch() with { Download = true, HttpHandler = handler });

        var message = act.Should().Throw<DatasetException>().Which.Message;
        message.Should().Contain("download: failed: Could not download Tiny-MNIST's train-images-idx3-ubyte.gz:");
        message.Should().Contain($"{Mirror}train-images-idx3-ubyte.gz: '{Mirror}train-images-idx3-ubyte.gz': " +
            "checksum mismatch");
        message.Should().Contain($"{second}train-images-idx3-ubyte.gz: HTTP 404 Not Found");
        Directory.GetFiles(root["cache"]).Should().BeEmpty("a file that failed verification is never kept");
    }

    [Test]
    public void A_bad_cached_file_is_fetched_again_when_downloads_are_on()
    {
        WriteTiny(root["cache"]);
        var bad = Path.Combine(root["cache"], "train-labels-idx1-ubyte.gz");
        File.WriteAllBytes(bad, Gzip(Labels(12)[..^2]));
        var handler = new StubHttpHandler(TinyFiles().ToDictionary(p => Mirror + p.Key, p => p.Value));

        var data = DatasetLoader.Load(spec, EmptySearch() with { Download = true, HttpHandler = handler });

        handler.Requests.Should().Equal(Mirror + "train-labels-idx1-ubyte.gz");
        data.Location.Downloaded.Should().Equal(bad);
        data.Train.Labels.Should().HaveCount(12);
    }

    [Test]
    public void The_default_search_follows_the_environment_and_the_offline_flags()
    {
        var environment = new Dictionary<string, string?>
        {
            ["TINY_MNIST_DIR"] = root["env"],
            ["XDG_CACHE_HOME"] = root["xdg"],
            ["HOME"] = root["home"],
        };
        var config = new Lessons.Configuration.LessonsConfig { DataDir = root["config"], Offline = true };

        var search = DataSearch.Default(
            spec, path: root["path"], config: config, environment: environment.GetValueOrDefault);

        search.Sources(spec).Select(s => (s.Kind, s.Folder)).Should().Equal(
            (DataSourceKind.ExplicitPath, root["path"]),
            (DataSourceKind.EnvironmentVariable, root["env"]),
            (DataSourceKind.ConfigDataDir, root["config"]),
            (DataSourceKind.UserCache, Path.Combine(root["xdg"], "lessons", "tiny-mnist")));
        search.Download.Should().BeFalse();
        DataSearch.Default(spec, config: config with { Offline = false }, environment: environment.GetValueOrDefault)
            .Download.Should().BeTrue();
        DataSearch.Default(spec, offline: true, config: config with { Offline = false }).Download.Should().BeFalse();
    }

    [Test]
    public void The_cache_falls_back_to_home_when_xdg_is_unset_or_relative()
    {
        if (OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        {
            Assert.Ignore("The XDG rule is the Linux one.");
        }

        CacheFolder.For("fashion-mnist", n => n == "HOME" ? "/home/ada" : n == "XDG_CACHE_HOME" ? "rel" : null)
            .Should().Be("/home/ada/.cache/lessons/fashion-mnist");
    }

    [Test]
    public void Where_says_which_place_would_be_read_without_reading_it()
    {
        DatasetLoader.Where(spec, EmptySearch())
            .Should().Be("Tiny-MNIST: not found, and downloading is off (--offline)");
        DatasetLoader.Where(spec, EmptySearch() with { Download = true })
            .Should().Be($"Tiny-MNIST: not found; the first load downloads it into {root["cache"]}");

        WriteTiny(root["cache"]);
        DatasetLoader.Where(spec, EmptySearch()).Should().Be($"Tiny-MNIST: {root["cache"]} (user cache)");

        Directory.CreateDirectory(root["empty"]);
        DatasetLoader.Where(spec, EmptySearch() with { Path = root["empty"] }).Should().Be(
            $"Tiny-MNIST: {root["empty"]} (the path given) does not hold the four files; loading will fail there");
    }

    [Test]
    public void Mnist_has_its_own_variable_mirrors_data_dir_subfolder_and_gz_checksums_and_no_package_hint()
    {
        var mnist = DatasetSpec.Mnist;
        var search = new DataSearch { CacheFolder = root["cache"], Download = false, OfflineReason = "--offline" };

        var act = () => DatasetLoader.Load(mnist, search);

        var message = act.Should().Throw<DatasetException>().Which.Message;
        message.Should().StartWith("MNIST was not found.");
        message.Should().Contain("MNIST_DIR: not set");
        message.Should().Contain("https://ossci-datasets.s3.amazonaws.com/mnist/");
        message.Should().NotContain("apt-get");
        message.Should().Contain("dataDir (its mnist subfolder) in lessons.json: not set");
        mnist.Files.Should().OnlyContain(f => f.GzipSha256 != null && f.GzipSha256.Length == 64 && f.Sha256 == null);
    }

    [Test]
    public void An_uncompressed_file_without_a_published_hash_is_checked_by_structure_only()
    {
        var unverifiable = spec with
        {
            TrainImages = spec.TrainImages with { Sha256 = null },
            TrainLabels = spec.TrainLabels with { Sha256 = null },
            TestImages = spec.TestImages with { Sha256 = null },
            TestLabels = spec.TestLabels with { Sha256 = null },
        };
        WriteTiny(root["raw"], gzip: false);

        var data = DatasetLoader.Load(unverifiable, EmptySearch() with { Path = root["raw"] });

        data.Location.Checks.Should().AllSatisfy(c => c.Should().StartWith("not verified by checksum"));
    }

    [Test]
    public void Mnist_is_read_from_its_subfolder_of_data_dir_which_is_passed_over_when_absent()
    {
        var mnist = TinySpec(mirrors: new Uri(Mirror)) with { UsesConfigDataDir = false, DataDirSubfolder = "mnist" };
        var search = EmptySearch() with { ConfigFolder = root["data"] };
        WriteTiny(root["cache"]);

        DatasetLoader.Load(mnist, search).Location.Source.Kind.Should().Be(DataSourceKind.UserCache);

        WriteTiny(Path.Combine(root["data"], "mnist"));
        DatasetLoader.Load(mnist, search).Location.Source.Should().Be(new DataSource(
            DataSourceKind.ConfigDataDir, Path.Combine(root["data"], "mnist"),
            "the mnist subfolder of dataDir in lessons.json")
        { UserNamed = false });
    }
}
