using System.CommandLine;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lessons.Cli;
using Lessons.Steps;
using Lessons.Tests.Support;

namespace Lessons.Tests.Workbook;

/// <summary>
/// The learning loop through the real commands, on a copy of the workbook a test writes into as a learner would:
/// <c>check</c> (exit codes, not started, <c>--strict</c>, the compiler's messages with file:line), <c>hint</c> (one
/// level at a time, remembered beside the workbook), <c>progress</c> (never code), <c>run --workbook</c> (the learner's
/// code trains), and the watch loop.
/// </summary>
[NonParallelizable]
[Category("WorkbookAcceptance")]
public sealed partial class WorkbookCommandTests
{
    private const string Scratch = "SoftmaxRegressionScratch.cs";

    private static (int Exit, string Output) Invoke(params string[] args) =>
        LessonsCli.InvokeCapturingConsole(args);

    [GeneratedRegex(@"\w\(|[A-Za-z_]\.[A-Za-z_]\w*\(|=>|\breturn\b|\bvar\b")]
    private static partial Regex CodeLike();

    [Test]
    public void Check_of_an_untouched_lesson_reports_not_started_and_exits_0_or_1_with_strict()
    {
        using var copy = new WorkbookCopy();

        var (exit, output) = Invoke("check", "softmax-scratch", "--backend", "cpu");
        var (strictExit, strictOutput) = Invoke("check", "softmax-scratch.Accuracy", "--strict", "--backend", "cpu");

        exit.Should().Be(0);
        output.Should().Contain("Softmax").And.Contain("not started — hint: ")
            .And.Contain("checked 6 steps: 0 done, 0 failing, 6 not started").And.NotContain("linreg");
        strictExit.Should().Be(1);
        strictOutput.Should().Contain("checked 1 step: 0 done, 0 failing, 1 not started").And.Contain("--strict")
            .And.NotContain("CrossEntropy");
    }

    [Test]
    public void Check_passes_a_right_step_and_fails_a_wrong_one_with_its_misconception()
    {
        using var copy = new WorkbookCopy();
        copy.Write(Scratch, "Softmax", "var e = X.Exp();\nreturn e / e.Sum(1, keepDim: true);")
            .Write(Scratch, "Accuracy", "return yHat.ArgMax(0).Eq(y).Sum();");

        var (right, rightOutput) = Invoke("check", "softmax-scratch.Softmax", "--backend", "cpu");
        var (wrong, wrongOutput) = Invoke("check", "softmax-scratch", "--backend", "cpu");

        right.Should().Be(0);
        rightOutput.Should().Contain("✓ Softmax").And.Contain("1 done, 0 failing");
        wrong.Should().Be(1);
        wrongOutput.Should().Contain("✗ Accuracy").And.Contain("ArgMax along axis 0").And.Contain("1 failing")
            .And.Contain("lessons hint softmax-scratch.Accuracy");
    }

    [Test]
    public void A_file_that_does_not_compile_shows_the_compilers_messages_with_file_and_line_and_the_others_run()
    {
        using var copy = new WorkbookCopy();
        copy.Write(Scratch, "Softmax", "var e = X.Exp()\nreturn e;")
            .Write("LinearRegressionScratch.cs", "Linreg", "return X.MatMul(w) + b;");

        var (exit, output) = Invoke("check", "softmax-scratch", "--backend", "cpu");
        var (other, otherOutput) = Invoke("check", "linreg-scratch.Linreg", "--backend", "cpu");

        exit.Should().Be(1);
        output.Should().MatchRegex(@"SoftmaxRegressionScratch\.cs:\d+:\d+: error CS1002: ; expected")
            .And.Contain("does not compile");
        other.Should().Be(0, "a broken file does not stop the other files' steps");
        otherOutput.Should().Contain("✓ Linreg");
    }

    [Test]
    public void A_foreach_update_in_Sgd_is_explained_beside_CS1656()
    {
        using var copy = new WorkbookCopy();
        copy.Write("LinearRegressionScratch.cs", "Sgd", """
            foreach (var p in parameters)
            {
                p -= lr * p.Grad! / batchSize;
            }
            """);

        var (exit, output) = Invoke("check", "linreg-scratch.Sgd", "--backend", "cpu");

        exit.Should().Be(1);
        output.Should().Contain("error CS1656").And.Contain("parameters[i] -= …").And.Contain("in place");
    }

    [Test]
    public void Hint_shows_the_next_level_each_time_and_remembers_it_beside_the_workbook()
    {
        using var copy = new WorkbookCopy();

        var first = Invoke("hint", "softmax-scratch.Softmax").Output;
        var second = Invoke("hint", "softmax-scratch.Softmax").Output;
        var third = Invoke("hint", "softmax-scratch.Softmax").Output;
        var chosen = Invoke("hint", "softmax-scratch.CrossEntropy", "--level", "3").Output;
        var (bad, badOutput) = Invoke("hint", "softmax-scratch.Softmax", "--level", "4");

        first.Should().Contain("hint 1 of 3: the idea").And.Contain(StepHints.Find("softmax-scratch.Softmax")!.Idea);
        CodeLike().IsMatch(first).Should().BeFalse("level 1 has no code");
        second.Should().Contain("hint 2 of 3");
        third.Should().Contain("hint 3 of 3: the code").And.Contain("XExp.Sum(1, keepDim: true)");
        chosen.Should().Contain("hint 3 of 3").And.Contain("Gather(1, y.Reshape(-1, 1))");
        bad.Should().NotBe(0);
        badOutput.Should().Contain("--level 4").And.NotContain("   at ");
        File.Exists(Path.Combine(copy.Folder, HintState.FileName)).Should().BeTrue();
    }

    [Test]
    public void Progress_on_an_untouched_workbook_prints_no_code()
    {
        using var copy = new WorkbookCopy();

        var (exit, output) = Invoke("progress", "--backend", "cpu");

        exit.Should().Be(0);
        output.Should().Contain("not started");
        CodeLike().Match(output).Value.Should().BeEmpty("progress shows the idea of each hint, never code");
    }

    [Test]
    public void Progress_shows_the_idea_beside_a_failure()
    {
        using var copy = new WorkbookCopy();
        copy.Write(Scratch, "Softmax", "var e = X.Exp();\nreturn e / e.Sum(0, keepDim: true);");

        var output = Invoke("progress", "--backend", "cpu").Output;

        output.Should().Contain("each row must sum to 1")
            .And.Contain(StepHints.Find("softmax-scratch.Softmax")!.Idea);
    }

    [Test]
    public void Run_with_the_workbook_trains_with_the_learners_steps_and_falls_back_for_the_others()
    {
        using var copy = new WorkbookCopy();
        copy.Write(Scratch, "Softmax", "var e = X.Exp();\nreturn e / e.Sum(1, keepDim: true);")
            .Write(Scratch, "CrossEntropy", "return -yHat.Gather(1, y.Reshape(-1, 1)).Log().Reshape(-1);")
            .Write(Scratch, "Accuracy", "return yHat.ArgMax(1).Eq(y).Sum().To(DType.Float32) * 0.5;");
        using var outDir = new Data.TempFolder();
        string[] args = ["run", "softmax-scratch", "--quick", "--backend", "cpu", "--json", "--out", outDir.Path];

        var (referenceExit, referenceOutput) = Invoke(args);
        var (exit, output) = Invoke([.. args, "--workbook"]);

        referenceExit.Should().Be(0, referenceOutput);
        exit.Should().Be(0, output);
        output.Should().Contain("running softmax-scratch with your Softmax, CrossEntropy, Accuracy")
            .And.Contain("using the reference for: EvaluateAccuracy, Sgd — not started")
            .And.Contain("warning: your Accuracy");
        double TrainAcc(string text) => JsonDocument.Parse(text.Trim().Split('\n')[^1]).RootElement
            .GetProperty("train_acc").GetDouble();
        TrainAcc(output).Should().BeApproximately(TrainAcc(referenceOutput) / 2, 1e-9,
            "the learner's Accuracy, which halves the count, is the one that ran");
    }

    [Test]
    public void A_diverging_run_with_the_workbook_names_the_learners_steps()
    {
        using var copy = new WorkbookCopy();
        copy.Write("LinearRegressionScratch.cs", "Sgd", """
            using var noGrad = Tensor.NoGrad();
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] += lr * 1000 * parameters[i].Grad!;
                parameters[i].ZeroGrad();
            }
            """);

        var (exit, output) = Invoke("run", "linreg-scratch", "--quick", "--backend", "cpu", "--workbook");

        exit.Should().Be(3); // the exit code of a diverged run
        output.Should().Contain("training diverged").And.Contain("your Sgd").And.NotContain("   at ");
    }

    [Test]
    public void The_watch_loop_rechecks_when_a_file_is_saved_and_goes_on_after_a_compile_error()
    {
        using var copy = new WorkbookCopy();
        var output = new StringWriter();
        var synchronized = TextWriter.Synchronized(output);
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var runs = 0;
        var loop = Task.Run(() => WatchLoop.Run(copy.Folder, () =>
        {
            var results = StepRunner.RunAll(copy.Target, Steps.Checks.StepChecks.All.Where(c => c.Id ==
                "softmax-scratch.Softmax"));
            synchronized.WriteLine($"run {Interlocked.Increment(ref runs)}: {results[0].Status} {results[0].Message}");
        }, synchronized, stop.Token));

        void WaitFor(int run)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Volatile.Read(ref runs) < run && DateTime.UtcNow < deadline && !loop.IsCompleted)
            {
                Thread.Sleep(20);
            }

            Volatile.Read(ref runs).Should().BeGreaterThanOrEqualTo(run, output.ToString());
        }

        WaitFor(1);
        Thread.Sleep(200);
        copy.Write(Scratch, "Softmax", "var e = X.Exp()\nreturn e;");
        WaitFor(2);
        File.WriteAllText(copy[Scratch], File.ReadAllText(copy[Scratch]).Replace("X.Exp()\n", "X.Exp();\n",
            StringComparison.Ordinal).Replace("return e;", "return e / e.Sum(1, keepDim: true);",
            StringComparison.Ordinal));
        WaitFor(3);
        stop.Cancel();
        loop.Wait(TimeSpan.FromSeconds(10)).Should().BeTrue();

        var text = output.ToString();
        text.Should().Contain("run 1: NotStarted").And.Contain("run 2: Failing").And.Contain("error CS1002")
            .And.Contain("run 3: Done").And.Contain("saved SoftmaxRegressionScratch.cs");
    }
}
