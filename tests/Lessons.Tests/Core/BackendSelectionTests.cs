using Lessons.Backends;
using Lessons.Configuration;

namespace Lessons.Tests.Core;

/// <summary>Backend choice: lessons.json, overridden by LESSONS_BACKEND, errors that list the valid names.</summary>
[NonParallelizable]
public sealed class BackendSelectionTests
{
    private string directory = "";

    [SetUp]
    public void CreateDirectory() => directory = Directory.CreateTempSubdirectory("lessons-config").FullName;

    [TearDown]
    public void DeleteDirectory()
    {
        Environment.SetEnvironmentVariable("LESSONS_BACKEND", null);
        Directory.Delete(directory, recursive: true);
    }

    [Test]
    public void The_configuration_file_names_the_backend_and_the_environment_overrides_it()
    {
        var path = Path.Combine(directory, "lessons.json");
        File.WriteAllText(path, """{ "backend": "cpu", "openCl": { "device": "1" }, "offline": true }""");

        var config = LessonsConfig.Load(path);

        config.Backend.Should().Be("cpu");
        config.OpenCl.Device.Should().Be("1");
        config.Offline.Should().BeTrue();
        config.Source.Should().Be(path);
        Environment.SetEnvironmentVariable("LESSONS_BACKEND", "opencl");
        config.EffectiveBackend.Should().Be("opencl");
        Environment.SetEnvironmentVariable("LESSONS_BACKEND", "nonsense");
        ((Action)(() => Backend.Create(config))).Should().Throw<ArgumentException>()
            .WithMessage("Unknown backend 'nonsense'. Valid backends: cpu, opencl.*");
    }

    [Test]
    public void A_malformed_configuration_file_says_what_was_expected()
    {
        var path = Path.Combine(directory, "lessons.json");
        File.WriteAllText(path, "{ backend: ");

        var act = () => LessonsConfig.Load(path);

        act.Should().Throw<InvalidDataException>()
            .WithMessage($"Configuration file '{path}' is not valid JSON*Expected*");
    }

    [Test]
    public void The_cpu_backend_describes_itself()
    {
        using var cpu = Backend.Create("cpu", new LessonsConfig());

        cpu.Name.Should().Be("cpu");
        cpu.Describe().Should().Contain("backend: cpu").And.Contain("fp64: yes");
    }
}
