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
    public void TryUse_verifies_the_backend_before_it_becomes_current_and_restores_the_previous_one()
    {
        var before = Backend.Current;

        using (var use = Backend.TryUse("cpu", new LessonsConfig(), out var reason))
        {
            use.Should().NotBeNull();
            reason.Should().BeNull();
            Backend.Current.Should().NotBeSameAs(before);
            Backend.Current.Name.Should().Be("cpu");
        }

        Backend.Current.Should().BeSameAs(before);
    }

    [Test]
    public void TryUse_leaves_the_current_backend_alone_when_the_new_one_cannot_start()
    {
        var before = Backend.Current;
        Backend.Register("broken-for-test", _ => throw new InvalidOperationException("No device: plug one in."));
        try
        {
            var use = Backend.TryUse("broken-for-test", new LessonsConfig(), out var reason);

            use.Should().BeNull();
            reason.Should().Be("No device: plug one in.");
            Backend.Current.Should().BeSameAs(before);
            Backend.TryCreate("no-such-backend", new LessonsConfig(), out var none, out reason).Should().BeFalse();
            none.Should().BeNull();
            reason.Should()
                .StartWith("Unknown backend 'no-such-backend'. Valid backends: cpu, opencl, broken-for-test.");
        }
        finally
        {
            Backend.Unregister("broken-for-test");
        }
    }

    [Test]
    public void Registering_a_name_again_replaces_its_factory_and_keeps_one_entry()
    {
        var made = 0;
        Backend.Register("twice-for-test", _ => throw new InvalidOperationException("first"));
        Backend.Register("TWICE-for-test", config =>
        {
            made++;
            return new Lessons.Backends.Cpu.CpuBackend(config);
        });

        try
        {
            using var backend = Backend.Create("twice-for-test", new LessonsConfig());

            made.Should().Be(1);
            Backend.Names.Count(n => n.Equals("twice-for-test", StringComparison.OrdinalIgnoreCase)).Should().Be(1);
        }
        finally
        {
            Backend.Unregister("twice-for-test");
        }
    }

    [Test]
    public void The_cpu_backend_describes_itself()
    {
        using var cpu = Backend.Create("cpu", new LessonsConfig());

        cpu.Name.Should().Be("cpu");
        cpu.Describe().Should().Contain("backend: cpu").And.Contain("fp64: yes");
    }
}
