using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lessons.Autograd;
using Lessons.Backends;
using Lessons.Backends.Cpu;
using Lessons.Backends.OpenCl;
using Lessons.Chapter3;
using Lessons.Configuration;
using Lessons.Losses;
using Lessons.Random;
using Lessons.Tests.Support;

namespace Lessons.Tests.Docs;

/// <summary>
/// The code the how-to pages show, compiled and run: a backend chosen as the <c>lessons</c> command chooses it, a
/// new loss written with <see cref="Function.Apply"/> and proved with <see cref="GradCheck"/>, and the failing
/// reports the gradient-checking page quotes (the test checks the page quotes what GradCheck really prints).
/// </summary>
public sealed partial class HowToExamples
{
    private const string GradCheckPage = "docs/howto/gradient-checking.md";
    private const string NewLossPage = "docs/howto/new-loss.md";
    private IDisposable? cpu;

    [SetUp]
    public void UseCpu() => cpu = Backend.Use(TestBackends.Cpu);

    [TearDown]
    public void Restore() => cpu?.Dispose();

    /// <summary>The log-cosh loss, log(cosh(input − target)): the how-to's example of a loss of one's own.</summary>
    // <doc:log-cosh-loss>
    public static Tensor LogCoshLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
    {
        Tensor perElement;
        using (Tensor.NoGrad())
        {
            // log cosh d = |d| + log(1 + e^(−2|d|)) − log 2, which never computes cosh, so never overflows.
            var size = (input - target).Abs();
            perElement = size + (-2 * size).Exp().Log1p() - Math.Log(2);
        }

        // The backward rule, given the upstream gradient g: ∂l/∂input = g·tanh(d), ∂l/∂target = −g·tanh(d).
        var loss = Function.Apply("LogCoshLoss", perElement, [input, target], g =>
        {
            var tanh = (input - target).Tanh();
            return [g * tanh, target.RequiresGrad ? -(g * tanh) : null];
        });
        return reduction switch
        {
            Reduction.None => loss,
            Reduction.Sum => loss.Sum(),
            _ => loss.Mean(),
        };
    }
    // </doc:log-cosh-loss>

    /// <summary>The log-cosh loss as a <see cref="Loss"/> object, to pass wherever the lessons take one.</summary>
    // <doc:log-cosh-class>
    public sealed class LogCosh(Reduction reduction = Reduction.Mean) : Loss
    {
        public override Tensor Forward(Tensor input, Tensor target) => LogCoshLoss(input, target, reduction);
    }
    // </doc:log-cosh-class>

    [Test]
    public void Linear_regression_trains_with_the_log_cosh_loss()
    {
        // <doc:train-with-log-cosh>
        var (w, b, _) = LinearRegressionConcise.Train(new LogCosh(), lr: 0.03, numEpochs: 3, batchSize: 10, seed: 0);
        Console.WriteLine($"w = [{w[0]:F4}, {w[1]:F4}], b = {b:F4}");
        // </doc:train-with-log-cosh>

        w[0].Should().BeApproximately(2, 0.1);
        w[1].Should().BeApproximately(-3.4, 0.1);
        b.Should().BeApproximately(4.2, 0.1);
    }

    [Test]
    public void The_reference_case_the_page_shows_holds_for_the_log_cosh_loss()
    {
        var block = MarkdownPage.Load(NewLossPage).CodeBlocks
            .Single(b => b.Info == "json" && b.Content.Any(l => l.Contains("LogCoshLoss_3", StringComparison.Ordinal)));
        using var document = JsonDocument.Parse(string.Join('\n', block.Content));
        var c = document.RootElement.GetProperty("cases")[0];
        static double[] Numbers(JsonElement e) =>
            e.ValueKind == JsonValueKind.Array ? [.. e.EnumerateArray().Select(v => v.GetDouble())] : [e.GetDouble()];
        foreach (var output in c.GetProperty("outputs").EnumerateObject())
        {
            using var scope = Tensor.Scope();
            var reduction = Enum.Parse<Reduction>(output.Name, ignoreCase: true);
            var input = Tensor.FromArray(Numbers(c.GetProperty("input")), requiresGrad: true);
            var target = Tensor.FromArray(Numbers(c.GetProperty("target")));

            var loss = LogCoshLoss(input, target, reduction);
            (reduction == Reduction.None ? loss.Sum() : loss).Backward();

            loss.ToDoubles().Should().Equal(Numbers(output.Value), (a, e) => Math.Abs(a - e) < 1e-12, output.Name);
            input.Grad!.ToDoubles().Should().Equal(Numbers(c.GetProperty("grads").GetProperty(output.Name)),
                (a, e) => Math.Abs(a - e) < 1e-12, output.Name);
        }
    }

    [Test]
    public void The_log_cosh_loss_is_the_log_of_the_cosh()
    {
        double[] d = [-30, -1.5, -1e-3, 0, 0.25, 2, 30];
        using var scope = Tensor.Scope();

        var loss = LogCoshLoss(Tensor.FromArray(d), Tensor.Zeros([d.Length], DType.Float64), Reduction.None);

        loss.ToDoubles().Should().Equal(d.Select(x => Math.Log(Math.Cosh(x))), (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Test]
    public void The_log_cosh_loss_passes_gradcheck()
    {
        using var scope = Tensor.Scope();
        // <doc:gradcheck-new-loss>
        var generator = new Generator(0);
        var input = Tensor.Normal(0, 2, [4, 3], generator, DType.Float64);
        var target = Tensor.Normal(0, 2, [4, 3], generator, DType.Float64);
        foreach (var reduction in new[] { Reduction.None, Reduction.Mean, Reduction.Sum })
        {
            GradCheck.Assert(t => LogCoshLoss(t[0], t[1], reduction), [input, target]);
        }
        // </doc:gradcheck-new-loss>
    }

    [Test]
    public void A_forgotten_upstream_gradient_fails_with_the_report_the_page_quotes()
    {
        using var scope = Tensor.Scope();
        // <doc:forgotten-upstream>
        static Tensor Wrong(Tensor input, Tensor target)
        {
            Tensor perElement;
            using (Tensor.NoGrad())
            {
                perElement = (input - target).Abs() + (-2 * (input - target).Abs()).Exp().Log1p() - Math.Log(2);
            }

            // Wrong: tanh(d) alone, without the upstream gradient g (which is 1/n under the mean).
            return Function.Apply("LogCoshLoss", perElement, [input, target], g =>
                [(input - target).Tanh(), -(input - target).Tanh()]).Mean();
        }

        var input = Tensor.FromArray(new[,] { { 0.5, -1.0, 2.0 }, { 1.5, 0.1, -0.5 } });
        var target = Tensor.Zeros([2, 3], DType.Float64);
        var report = GradCheck.Check(t => Wrong(t[0], target), [input]);
        Console.WriteLine(report.Passed ? "passed" : report.Failure!.ToString());
        // </doc:forgotten-upstream>

        report.Passed.Should().BeFalse();
        report.Failure!.Index.Should().Equal(0, 2);
        AssertQuoted(GradCheckPage, report.Failure.ToString());
        AssertQuoted(NewLossPage, report.Failure.ToString());
    }

    [Test]
    public void A_kink_fails_with_the_report_the_page_quotes()
    {
        using var scope = Tensor.Scope();
        // <doc:kink>
        var x = Tensor.FromArray(new[] { -1.0, 0.0, 2.0 });
        var report = GradCheck.Check(t => t[0].Relu(), [x]);
        Console.WriteLine(report.Passed ? "passed" : report.Failure!.ToString());
        // </doc:kink>

        report.Failure.Should().NotBeNull();
        report.Failure!.Numeric.Should().Be(0.5);
        AssertQuoted(GradCheckPage, report.Failure.ToString());
    }

    [Test]
    public void A_gradient_check_of_the_softmax_cross_entropy_passes_as_the_page_shows()
    {
        using var scope = Tensor.Scope();
        // <doc:check-softmax-cross-entropy>
        var o = Tensor.FromArray(new[,] { { 1.0, 2.0, 3.0 }, { 0.5, 0.1, 2.0 } }); // Float64: a must
        var y = Tensor.FromArray(new[] { 2, 0 });                                   // Int32 labels: held constant
        var report = GradCheck.Check(t => Tensor.SoftmaxCrossEntropy(t[0], t[1]).Sum(), [o, y]);
        Console.WriteLine($"{report.Passed}: {report.EntriesChecked} entries checked");
        // </doc:check-softmax-cross-entropy>

        report.Passed.Should().BeTrue();
        report.EntriesChecked.Should().Be(6);
    }

    [Test]
    public void A_program_chooses_its_backend_as_the_lessons_command_does()
    {
        string? name = "cpu"; // what --backend gives; null leaves the choice to the configuration
        var before = Backend.Current;
        // <doc:choose-backend>
        // The program composes the library: Core knows a backend only once the program registers it.
        Backend.Register("cpu", config => new CpuBackend(config));
        Backend.Register("opencl", config => new OpenClBackend(config));

        // lessons.json (this folder or a parent, or the file LESSONS_CONFIG names), then LESSONS_BACKEND,
        // then an explicit name: the precedence of the lessons command.
        var config = LessonsConfig.Load();
        using (var use = Backend.TryUse(name ?? config.EffectiveBackend, config, out var reason))
        {
            if (use is null)
            {
                throw new InvalidOperationException(reason); // e.g. no OpenCL platform, and how to install one
            }

            Console.WriteLine(Backend.Describe());
            using var X = Tensor.Ones([2, 3]); // made on the backend in use
            Console.WriteLine(X.Sum().Item());
        }
        // </doc:choose-backend>

        Backend.Current.Should().BeSameAs(before, "TryUse's handle restored the previous backend");
    }

    /// <summary>
    /// Fails unless a code block of <paramref name="page"/> holds a line reading <paramref name="message"/>: the
    /// same words, and the same numbers to 1e-6 (the last digits of a central difference depend on the machine).
    /// </summary>
    private static void AssertQuoted(string page, string message)
    {
        var lines = MarkdownPage.Load(page).CodeBlocks.SelectMany(b => b.Content);
        lines.Should().Contain(line => SameUpToRounding(line.Trim(), message),
            $"{page} quotes the report GradCheck prints, which now reads:\n{message}");
    }

    private static bool SameUpToRounding(string quoted, string actual)
    {
        var (quotedWords, actualWords) = (Number().Split(quoted), Number().Split(actual));
        var (quotedNumbers, actualNumbers) = (Number().Matches(quoted), Number().Matches(actual));
        return quotedWords.SequenceEqual(actualWords) && quotedNumbers.Count == actualNumbers.Count &&
            quotedNumbers.Zip(actualNumbers).All(pair =>
            {
                var q = double.Parse(pair.First.Value, CultureInfo.InvariantCulture);
                var a = double.Parse(pair.Second.Value, CultureInfo.InvariantCulture);
                return Math.Abs(q - a) <= 1e-6 * Math.Max(1, Math.Abs(a));
            });
    }

    [GeneratedRegex(@"-?\d+(?:\.\d+)?(?:E[-+]?\d+)?")]
    private static partial Regex Number();
}
