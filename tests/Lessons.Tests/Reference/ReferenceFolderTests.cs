using System.Text.Json;
using System.Text.Json.Nodes;
using Lessons.Tests.Support;

namespace Lessons.Tests.Reference;

/// <summary>
/// The reference reader itself: LESSONS_REFERENCE_DIR replaces the built-in folder, and a case it cannot run as
/// written fails with a message naming the case and its file instead of passing.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class ReferenceFolderTests(string backend) : BackendFixture(backend)
{
    private string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("lessons-reference-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public void The_built_in_folder_holds_the_copied_pytorch_files()
    {
        var files = ReferenceFolder.Load(Path.Combine(AppContext.BaseDirectory, "Reference"))
            .Select(c => c.File).Distinct().ToList();

        files.Should().Contain(["losses.json", "seed_examples.json", "losses_extra.json", "optimizers.json"]);
    }

    [Test]
    public void LESSONS_REFERENCE_DIR_replaces_the_built_in_folder()
    {
        WriteCases("mine.json", BuiltInCase("losses.json", "CrossEntropyLoss_weight_ignore-100_4x5"));
        var previous = Environment.GetEnvironmentVariable(ReferenceFolder.EnvironmentVariable);
        List<ReferenceCase> cases;
        try
        {
            Environment.SetEnvironmentVariable(ReferenceFolder.EnvironmentVariable, folder);
            ReferenceFolder.Directory.Should().Be(folder);
            cases = [.. ReferenceFolder.Load(ReferenceFolder.Directory)];
        }
        finally
        {
            Environment.SetEnvironmentVariable(ReferenceFolder.EnvironmentVariable, previous);
        }

        cases.Select(c => c.ToString()).Should().Equal("mine/CrossEntropyLoss_weight_ignore-100_4x5");
        ReferenceCaseRunner.Run(cases[0], Device, DType.Float64);
        ReferenceCaseRunner.Run(cases[0], Device, DType.Float32);
    }

    [Test]
    public void An_unknown_loss_fails_naming_the_case_and_the_file()
    {
        var json = BuiltInCase("losses.json", "L1Loss_3");
        json["loss"] = "PoissonNLLLoss";
        json["name"] = "poisson";
        WriteCases("new.json", json);

        var act = () => ReferenceCaseRunner.Run(ReferenceFolder.Load(folder).Single(), Device, DType.Float64);

        act.Should().Throw<ReferenceCaseException>()
            .WithMessage("new.json: case 'poisson' names the unknown loss 'PoissonNLLLoss'*");
    }

    [Test]
    public void An_unknown_option_fails_naming_the_case_and_the_file()
    {
        var json = BuiltInCase("losses.json", "HuberLoss_delta0.5_3");
        json["options"]!["gamma"] = 2.0;
        WriteCases("new.json", json);

        var act = () => ReferenceCaseRunner.Run(ReferenceFolder.Load(folder).Single(), Device, DType.Float64);

        act.Should().Throw<ReferenceCaseException>()
            .WithMessage("new.json: case 'HuberLoss_delta0.5_3' gives HuberLoss the unknown option 'gamma'*");
    }

    [Test]
    public void An_unknown_kind_fails_naming_the_case_and_the_file()
    {
        var json = BuiltInCase("losses.json", "L1Loss_3");
        json["kind"] = "metric";
        WriteCases("new.json", json);

        var act = () => ReferenceCaseRunner.Run(ReferenceFolder.Load(folder).Single(), Device, DType.Float64);

        act.Should().Throw<ReferenceCaseException>()
            .WithMessage("new.json: case 'L1Loss_3' has the unknown kind 'metric'*");
    }

    [Test]
    public void A_wrong_reference_value_fails()
    {
        var json = BuiltInCase("seed_examples.json", "d2l_MSE_preds");
        json["outputs"]!["mean"] = 0.2967; // the seed notes' misprint; PyTorch gives 0.22
        WriteCases("errata.json", json);

        var act = () => ReferenceCaseRunner.Run(ReferenceFolder.Load(folder).Single(), Device, DType.Float64);

        act.Should().Throw<AssertionException>().WithMessage("*errata/d2l_MSE_preds*reduction mean*");
    }

    [Test]
    public void An_empty_folder_or_a_broken_file_becomes_a_failing_case()
    {
        var empty = ReferenceFolder.Load(folder).Single();
        File.WriteAllText(Path.Combine(folder, "broken.json"), "{ \"cases\": [ ");
        var broken = ReferenceFolder.Load(folder).Single();

        ((Action)(() => ReferenceCaseRunner.Run(empty, Device, DType.Float64))).Should()
            .Throw<ReferenceCaseException>().WithMessage("*holds no *.json*");
        ((Action)(() => ReferenceCaseRunner.Run(broken, Device, DType.Float64))).Should()
            .Throw<ReferenceCaseException>().WithMessage("broken.json is not valid JSON*");
    }

    private static JsonObject BuiltInCase(string file, string name)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reference", file)))!;
        return root["cases"]!.AsArray().Single(c => (string?)c!["name"] == name)!.DeepClone().AsObject();
    }

    private void WriteCases(string file, params JsonObject[] cases)
    {
        var root = new JsonObject { ["schema"] = "as losses.json", ["cases"] = new JsonArray(cases) };
        File.WriteAllText(Path.Combine(folder, file), root.ToJsonString(new JsonSerializerOptions()));
    }
}
