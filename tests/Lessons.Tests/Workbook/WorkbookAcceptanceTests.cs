using Lessons.Steps;
using Lessons.Steps.Checks;
using Lessons.Tests.Support;

namespace Lessons.Tests.Workbook;

/// <summary>
/// The workbook's contract, through <see cref="StepRunner"/> whatever <c>LESSONS_TARGET</c> says: the shipped
/// workbook is all "not started"; a step filled in correctly is done; a step filled in wrongly is failing with the
/// assertion's message; every step of every steps interface has a check.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
[Category("WorkbookAcceptance")]
public sealed class WorkbookAcceptanceTests(string backend) : BackendFixture(backend)
{
    private const string SquaredLoss = nameof(ILinearRegressionScratchSteps.SquaredLoss);

    [Test]
    public void The_untouched_workbook_reports_every_step_not_started_with_its_hint()
    {
        if (StepTarget.FromEnvironment().Name == "workbook")
        {
            Assert.Ignore("LESSONS_TARGET=workbook: a learner is filling in the workbook, so it is not untouched.");
        }

        var results = StepRunner.RunAll(StepTarget.Workbook);

        results.Should().HaveCount(StepChecks.All.Count);
        results.Where(r => r.Status != StepStatus.NotStarted).Select(r => $"{r.Check.Id}: {r.Status} {r.Message}")
            .Should().BeEmpty("the workbook ships with every step a stub (a learner's own copy will differ)");
        results.Should().OnlyContain(r => r.Message!.StartsWith("hint: ", StringComparison.Ordinal)
            && r.Message.Contains('§'), "every stub gives a one-line hint naming its section");
    }

    [Test]
    public void A_step_taken_from_the_reference_is_done_and_the_others_stay_not_started()
    {
        var target = StepTarget.Workbook.With(SquaredLoss, StepTarget.Reference.Get<ILinearRegressionScratchSteps>());

        var results = StepRunner.RunAll(target, StepChecks.All.Where(c => c.Lesson == "linreg-scratch"));

        results.Single(r => r.Check.Step == SquaredLoss).Status.Should().Be(StepStatus.Done);
        results.Where(r => r.Check.Step != SquaredLoss).Should().OnlyContain(r => r.Status == StepStatus.NotStarted);
    }

    [Test]
    public void A_step_filled_in_wrongly_is_failing_with_the_assertion_message()
    {
        // A wrong answer no check recognises (the ½ left out is named; see MisconceptionTests): the numbers speak.
        var wrong = StepTarget.Workbook.With<ILinearRegressionScratchSteps>(SquaredLoss,
            (Func<Tensor, Tensor, Tensor>)((yHat, y) => (yHat - y.Reshape(yHat.Shape.ToArray())).Square() * 1.5));

        var result = StepRunner.Run(StepChecks.Find("linreg-scratch.SquaredLoss"), wrong);

        result.Status.Should().Be(StepStatus.Failing);
        result.Message.Should().Be("SquaredLoss([[1], [2], [4]], [1, 3, 1]): expected [0, 0.5, 4.5], got " +
            "[0, 1.5, 13.5] — first difference at index 1: expected 0.5, got 1.5");
    }

    [Test]
    public void A_step_that_forgets_the_reshape_is_told_why()
    {
        var wrong = StepTarget.Workbook.With<ILinearRegressionScratchSteps>(SquaredLoss,
            (Func<Tensor, Tensor, Tensor>)((yHat, y) => (yHat - y).Square() / 2));

        var result = StepRunner.Run(StepChecks.Find("linreg-scratch.SquaredLoss"), wrong);

        result.Status.Should().Be(StepStatus.Failing);
        result.Message.Should().Contain("(3x3)").And.Contain("reshape y to ŷ's shape");
    }

    [Test]
    public void A_step_that_throws_is_failing_with_the_exception_and_a_not_implemented_helper_is_not_started()
    {
        var throwing = StepTarget.Workbook.With<IMlpSteps>(nameof(IMlpSteps.Relu),
            (Func<Tensor, Tensor>)(X => X.MatMul(X)));
        var helper = StepTarget.Workbook.With<IMlpSteps>(nameof(IMlpSteps.Relu),
            (Func<Tensor, Tensor>)(_ => throw new InvalidOperationException("wrapped",
                new NotImplementedException("hint: a helper is not written yet"))));

        var failing = StepRunner.Run(StepChecks.Find("mlp.Relu"), throwing);
        var notStarted = StepRunner.Run(StepChecks.Find("mlp.Relu"), helper);

        failing.Status.Should().Be(StepStatus.Failing);
        failing.Message.Should().StartWith("Relu threw ArgumentException: MatMul: (2x3) @ (2x3)");
        notStarted.Status.Should().Be(StepStatus.NotStarted);
        notStarted.Message.Should().Be("hint: a helper is not written yet");
    }

    [Test]
    public void Every_step_of_every_steps_interface_has_a_check_and_every_check_names_a_lesson()
    {
        var interfaces = typeof(ILinearRegressionScratchSteps).Assembly.GetTypes()
            .Where(t => t.IsInterface && t.Namespace == "Lessons.Steps");
        var steps = interfaces.SelectMany(i => i.GetMethods().Select(m => (i, m.Name)));

        steps.Should().HaveCountGreaterThan(20);
        StepChecks.All.Select(c => (c.StepsType, c.Step)).Should().BeEquivalentTo(steps);
        StepChecks.All.Select(c => c.Id).Should().OnlyHaveUniqueItems();
        StepChecks.All.Should().OnlyContain(c => Lessons.Framework.LessonCatalog.Find(c.Lesson) != null);
    }

    [Test]
    public void LESSONS_TARGET_names_the_target_and_an_unknown_name_is_refused_with_the_valid_ones()
    {
        StepTarget.Named(null).Name.Should().Be("reference");
        StepTarget.Named("Workbook").Name.Should().Be("workbook");

        var unknown = () => StepTarget.Named("mine");

        unknown.Should().Throw<ArgumentException>().WithMessage("LESSONS_TARGET: unknown target 'mine'; " +
            "expected reference or workbook.");
    }

    [Test]
    public void Composing_a_target_checks_the_step_name_and_the_delegate()
    {
        var unknownStep = () => StepTarget.Workbook.With<IMlpSteps>("Softmax", (Func<Tensor, Tensor>)(X => X));
        var wrongArity = () => StepTarget.Workbook.With<IMlpSteps>(nameof(IMlpSteps.Relu),
            (Func<Tensor, Tensor, Tensor>)((X, _) => X));

        unknownStep.Should().Throw<ArgumentException>().WithMessage("*IMlpSteps has no step named 'Softmax'*");
        wrongArity.Should().Throw<ArgumentException>().WithMessage("*takes 1 parameters, the delegate 2*");
    }
}
