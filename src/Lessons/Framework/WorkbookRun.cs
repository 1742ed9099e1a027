using Lessons.Steps;
using Lessons.Steps.Checks;

namespace Lessons.Framework;

/// <summary>
/// <c>lessons run &lt;lesson&gt; --workbook</c> (or <c>LESSONS_TARGET=workbook</c>): the lesson runs with the learner's
/// own steps in place of the reference's, on the real data, as a d2l notebook runs the cells the reader wrote. Each
/// step the run uses is checked first: a step not started falls back to the reference (said in one line), a step whose
/// check fails is used anyway (the learner wants to see what it does), with a warning naming it.
/// </summary>
public static class WorkbookRun
{
    /// <summary>
    /// The steps each lesson's run calls, as <c>lesson.step</c>. A lesson missing here has no workbook steps and runs
    /// the reference. A new lesson with workbook steps adds its line.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> StepsUsed { get; } =
        new Dictionary<string, IReadOnlyList<string>>
        {
            ["linear-regression"] = ["linear-regression.Normal", "linear-regression.ClosedForm"],
            ["linreg-scratch"] =
            [
                "linreg-scratch.SyntheticData", "linreg-scratch.DataIter", "linreg-scratch.Linreg",
                "linreg-scratch.SquaredLoss", "linreg-scratch.Sgd",
            ],
            ["linreg-concise"] = ["linreg-concise.LoadArray", "linreg-concise.CreateNet"],
            ["softmax-regression"] =
            [
                "softmax-regression.Entropy", "softmax-regression.CrossEntropy", "softmax-regression.KlDivergence",
                "softmax-regression.GradientByFormula",
            ],
            ["softmax-scratch"] =
            [
                "softmax-scratch.Softmax", "softmax-scratch.CrossEntropy", "softmax-scratch.Accuracy",
                "softmax-scratch.EvaluateAccuracy", "linreg-scratch.Sgd",
            ],
            ["mlp"] = ["mlp.Relu", "mlp.BackpropByHand"],
        };

    /// <summary>
    /// The context of <paramref name="lesson"/>'s run with the learner's steps: checks them, tells
    /// <paramref name="context"/>'s report which fall back to the reference and which fail their checks, and returns
    /// a context whose <see cref="LessonContext.Steps"/> are the learner's. Throws when the workbook does not compile.
    /// </summary>
    public static LessonContext Prepare(ILesson lesson, LessonContext context, StepTarget? workbook = null)
    {
        if (!StepsUsed.TryGetValue(lesson.Name, out var used))
        {
            context.Report.Say($"{lesson.Name} has no workbook steps: it runs the reference.");
            return context;
        }

        workbook ??= StepTarget.Workbook;
        var reference = StepTarget.Reference;
        var target = workbook;
        var notStarted = new List<string>();
        var failing = new List<string>();
        var mine = new List<string>();
        foreach (var id in used)
        {
            var check = StepChecks.Find(id);
            var result = StepRunner.Run(check, workbook);
            if (result.Message?.Contains("does not compile", StringComparison.Ordinal) == true)
            {
                throw new WorkbookCompileException($"--workbook: {result.Message}");
            }

            switch (result.Status)
            {
                case StepStatus.NotStarted:
                    target = target.With(check.StepsType, check.Step, reference);
                    notStarted.Add(check.Step);
                    break;
                case StepStatus.Failing:
                    failing.Add(check.Step);
                    mine.Add(check.Step);
                    break;
                default:
                    mine.Add(check.Step);
                    break;
            }
        }

        var steps = mine.Count == 0 ? "none of your steps" : $"your {string.Join(", ", mine)}";
        context.Report.Say($"running {lesson.Name} with {steps}");
        if (notStarted.Count > 0)
        {
            context.Report.Say($"using the reference for: {string.Join(", ", notStarted)} — not started");
        }

        if (failing.Count > 0)
        {
            var them = failing.Count == 1 ? "it fails its check" : "they fail their checks";
            context.Report.Say($"warning: your {string.Join(", ", failing)} — {them} (lessons check {lesson.Name} " +
                "says why); used anyway, so you can see what it does");
        }

        // A diverging loss names the learner's steps as the likely cause beside the learning rate.
        var causes = mine.Count == 0
            ? context.DivergenceCauses
            : [.. context.DivergenceCauses, $"the run used your {string.Join(", ", mine)}, so one of them is a " +
                "likely cause (a softmax that overflows, a log of 0, an update too large or of the wrong sign): run " +
                "lessons check on them, or leave out --workbook to compare with the reference"];
        return context with { Steps = target, DivergenceCauses = causes };
    }
}
