using Lessons.Data;
using Lessons.Steps;
using Lessons.Steps.Checks;
using Lessons.Tests.Support;

namespace Lessons.Tests.Workbook;

/// <summary>
/// Every failed check names the misconception: for each common wrong answer a deliberately wrong implementation,
/// composed into the reference with <see cref="StepTarget.With{TSteps}(string, Delegate)"/>, fails with the words
/// that say what is wrong — not only that numbers differ.
/// </summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
[Category("WorkbookAcceptance")]
public sealed class MisconceptionTests(string backend) : BackendFixture(backend)
{
    private static string Failure<TSteps>(string lesson, string step, Delegate wrong)
        where TSteps : class
    {
        var target = StepTarget.Reference.With<TSteps>(step, wrong);
        var result = StepRunner.Run(StepChecks.Find($"{lesson}.{step}"), target);
        result.Status.Should().Be(StepStatus.Failing, $"the wrong {step} should fail its check");
        return result.Message!;
    }

    private static string Scratch(string step, Delegate wrong) =>
        Failure<ILinearRegressionScratchSteps>("linreg-scratch", step, wrong);

    private static string Softmax(string step, Delegate wrong) =>
        Failure<ISoftmaxRegressionScratchSteps>("softmax-scratch", step, wrong);

    [Test]
    public void Sgd_without_the_division_by_the_batch_size()
    {
        var message = Scratch("Sgd", (Action<Tensor[], double, int>)((parameters, lr, _) =>
        {
            using var noGrad = Tensor.NoGrad();
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= lr * parameters[i].Grad!;
                parameters[i].ZeroGrad();
            }
        }));

        message.Should().StartWith("your update is batchSize times too large: divide by the batch size — d2l's sgd " +
            "divides because the loss is summed over the batch");
    }

    [Test]
    public void Sgd_without_zeroing_the_gradient()
    {
        var message = Scratch("Sgd", (Action<Tensor[], double, int>)((parameters, lr, batchSize) =>
        {
            using var noGrad = Tensor.NoGrad();
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] -= lr * parameters[i].Grad! / batchSize;
            }
        }));

        message.Should().StartWith("Sgd did not zero the gradient").And.Contain("accumulate");
    }

    [Test]
    public void Sgd_that_climbs_the_gradient()
    {
        var message = Scratch("Sgd", (Action<Tensor[], double, int>)((parameters, lr, batchSize) =>
        {
            using var noGrad = Tensor.NoGrad();
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i] += lr * parameters[i].Grad! / batchSize;
                parameters[i].ZeroGrad();
            }
        }));

        message.Should().Contain("climbs the gradient").And.Contain("step against it");
    }

    [Test]
    public void SquaredLoss_without_the_reshape_and_without_the_half()
    {
        var noReshape = Scratch("SquaredLoss", (Func<Tensor, Tensor, Tensor>)((yHat, y) => (yHat - y).Square() / 2));
        var noHalf = Scratch("SquaredLoss",
            (Func<Tensor, Tensor, Tensor>)((yHat, y) => (yHat - y.Reshape(yHat.Shape.ToArray())).Square()));

        noReshape.Should().Contain("(3x3)").And.Contain("reshape y to ŷ's shape");
        noHalf.Should().StartWith("your loss is twice the book's: the squared loss has a ½ in front");
    }

    [Test]
    public void DataIter_that_does_not_shuffle()
    {
        var message = Scratch("DataIter", (Func<int, Tensor, Tensor, Lessons.Random.Generator,
            IEnumerable<(Tensor X, Tensor y)>>)InOrder);

        message.Should().StartWith("DataIter does not shuffle: your batches come in the data's original order");

        static IEnumerable<(Tensor X, Tensor y)> InOrder(int batchSize, Tensor features, Tensor labels,
            Lessons.Random.Generator generator)
        {
            var n = features.Shape[0];
            for (var i = 0; i < n; i += batchSize)
            {
                using var index = Tensor.Arange(i, Math.Min(i + batchSize, n), dtype: DType.Int32);
                yield return (features.IndexSelect(0, index), labels.IndexSelect(0, index));
            }
        }
    }

    [Test]
    public void Linreg_without_the_bias()
    {
        var message = Scratch("Linreg", (Func<Tensor, Tensor, Tensor, Tensor>)((X, w, _) => X.MatMul(w)));

        message.Should().StartWith("the bias is missing");
    }

    [Test]
    public void Softmax_summed_along_the_wrong_axis_or_over_everything()
    {
        var columns = Softmax("Softmax", (Func<Tensor, Tensor>)(X => X.Exp() / X.Exp().Sum(0, keepDim: true)));
        var whole = Softmax("Softmax", (Func<Tensor, Tensor>)(X => X.Exp() / X.Exp().Sum()));

        columns.Should().StartWith("each row must sum to 1").And.Contain("axis 1");
        whole.Should().StartWith("each row must sum to 1");
    }

    [Test]
    public void StableSoftmax_without_the_maximum_and_with_the_maximum_of_the_whole_tensor()
    {
        var none = Softmax("StableSoftmax", (Func<Tensor, Tensor>)(X => X.Exp() / X.Exp().Sum(1, keepDim: true)));
        var global = Softmax("StableSoftmax", (Func<Tensor, Tensor>)(X =>
        {
            var e = (X - X.Max()).Exp();
            return e / e.Sum(1, keepDim: true);
        }));

        none.Should().StartWith("exp(100) overflows float32").And.Contain("subtract each row's maximum");
        global.Should().StartWith("a row far below the others underflows to 0/0")
            .And.Contain("maximum of the whole tensor").And.Contain("each row's own maximum");
    }

    [Test]
    public void CrossEntropy_that_picks_every_label_for_every_row()
    {
        var message = Softmax("CrossEntropy",
            (Func<Tensor, Tensor, Tensor>)((yHat, y) => -yHat.IndexSelect(1, y).Log()));

        message.Should().StartWith("you picked every label for every row").And.Contain("y_hat[:, y]")
            .And.Contain("y_hat[range(n), y]");
    }

    [Test]
    public void CrossEntropy_without_the_minus()
    {
        var message = Softmax("CrossEntropy",
            (Func<Tensor, Tensor, Tensor>)((yHat, y) => yHat.Gather(1, y.Reshape(-1, 1)).Log().Reshape(-1)));

        message.Should().StartWith("your losses are negative");
    }

    [Test]
    public void Accuracy_that_returns_a_fraction()
    {
        var message = Softmax("Accuracy", (Func<Tensor, Tensor, Tensor>)((yHat, y) =>
            yHat.ArgMax(1).Eq(y).To(DType.Float32).Mean()));

        message.Should().StartWith("Accuracy must return the number of correct predictions, not the fraction");
    }

    [Test]
    public void Accuracy_with_ArgMax_along_the_wrong_axis()
    {
        var message = Softmax("Accuracy", (Func<Tensor, Tensor, Tensor>)((yHat, y) => yHat.ArgMax(0).Eq(y).Sum()));

        message.Should().StartWith("ArgMax along axis 0").And.Contain("axis 1");
    }

    [Test]
    public void EvaluateAccuracy_that_averages_the_batches_accuracies()
    {
        var message = Softmax("EvaluateAccuracy", (Func<Func<Tensor, Tensor>, IEnumerable<Batch>, double>)(
            (net, batches) => batches.Average(batch =>
            {
                var (X, y) = batch;
                return net(X).ArgMax(1).Eq(y).Sum().Item() / y.Numel;
            })));

        message.Should().StartWith("you averaged the batches' accuracies, but the last batch is short");
    }

    [Test]
    public void EvaluateAccuracy_says_first_that_the_Accuracy_it_uses_fails()
    {
        // A workbook as a learner writes it: EvaluateAccuracy calls the learner's own Accuracy, which is wrong.
        using var copy = new WorkbookCopy();
        copy.Write("SoftmaxRegressionScratch.cs", "Accuracy", "return yHat.ArgMax(1).Eq(y).To(DType.Float32).Mean();")
            .Write("SoftmaxRegressionScratch.cs", "EvaluateAccuracy", """
                double correct = 0, total = 0;
                foreach (var batch in dataIter)
                {
                    var (X, y) = batch;
                    correct += Accuracy(net(X), y).Item();
                    total += y.Numel;
                }

                return correct / total;
                """);

        var result = StepRunner.Run(StepChecks.Find("softmax-scratch.EvaluateAccuracy"), copy.Target);

        result.Status.Should().Be(StepStatus.Failing);
        result.Message.Should().StartWith("EvaluateAccuracy uses your Accuracy, which fails its own check: fix " +
            "Accuracy first");
    }

    [Test]
    public void A_step_whose_helper_is_not_started_says_to_write_the_helper_first()
    {
        using var copy = new WorkbookCopy();
        copy.Write("SoftmaxRegressionScratch.cs", "EvaluateAccuracy", """
            var (X, y) = dataIter.First();
            return Accuracy(net(X), y).Item() / y.Numel;
            """);

        var result = StepRunner.Run(StepChecks.Find("softmax-scratch.EvaluateAccuracy"), copy.Target);

        result.Status.Should().Be(StepStatus.NotStarted);
        result.Message.Should().StartWith("EvaluateAccuracy uses your Accuracy, which is not started yet: write " +
            "Accuracy first");
    }

    [Test]
    public void GradientByFormula_without_the_one_hot()
    {
        var alone = Failure<ISoftmaxRegressionSteps>("softmax-regression", "GradientByFormula",
            (Func<Tensor, Tensor, int, Tensor>)((o, _, _) => o.Softmax()));
        var labels = Failure<ISoftmaxRegressionSteps>("softmax-regression", "GradientByFormula",
            (Func<Tensor, Tensor, int, Tensor>)((o, y, _) => o.Softmax() - y.To(o.DType)));

        alone.Should().StartWith("the one-hot is missing");
        labels.Should().StartWith("the one-hot is missing");
    }

    [Test]
    public void Relu_that_does_not_zero_the_negatives()
    {
        var identity = Failure<IMlpSteps>("mlp", "Relu", (Func<Tensor, Tensor>)(X => X * 1));
        var absolute = Failure<IMlpSteps>("mlp", "Relu", (Func<Tensor, Tensor>)(X => X.Abs()));

        identity.Should().StartWith("Relu does not zero the negatives");
        absolute.Should().StartWith("Relu does not zero the negatives");
    }

    [Test]
    public void More_misconceptions_each_step_invites()
    {
        Failure<ILinearRegressionSteps>("linear-regression", "OptimalConstant",
            (Func<double[], double>)(x => (x.Order().ElementAt((x.Length / 2) - 1) + x.Order().ElementAt(x.Length / 2))
                / 2))
            .Should().Contain("the median").And.Contain("mean");
        Failure<ILinearRegressionSteps>("linear-regression", "Normal", (Func<double[], double, double, double[]>)(
            (x, mu, sigma) => [.. x.Select(v => Math.Exp(-(v - mu) * (v - mu) / (2 * sigma * sigma)))]))
            .Should().StartWith("the normalising factor 1/√(2πσ²) is missing");
        Failure<ILinearRegressionConciseSteps>("linreg-concise", "SumLossLearningRate",
            (Func<double, int, double>)((lr, batchSize) => lr * batchSize))
            .Should().Contain("divided by the batch size, not multiplied");
        Failure<ISoftmaxRegressionSteps>("softmax-regression", "KlDivergence",
            (Func<double[], double[], double, double>)((p, q, logBase) =>
                q.Zip(p, (a, b) => a * Math.Log(a / b)).Sum() / Math.Log(logBase)))
            .Should().StartWith("you computed KL(Q ‖ P)");
        Failure<ISoftmaxRegressionScratchSteps>("softmax-scratch", "CrossEntropyFromLogits",
            (Func<Tensor, Tensor, Tensor>)((o, y) => -o.Softmax().Gather(1, y.Reshape(-1, 1)).Log().Reshape(-1)))
            .Should().StartWith("taking the log of a softmax gives log 0");
    }

    [Test]
    public void BeatTheBook_by_more_steps_than_the_budget_or_a_rate_that_only_adds_noise()
    {
        // A batch of 16 buys 3,750 steps an epoch: ten epochs spend the budget 7.5 times over (refused untrained).
        Failure<ISoftmaxRegressionConciseSteps>("softmax-concise", "BeatTheBook",
            (Func<(int, int, double)>)(() => (16, 10, 0.1)))
            .Should().Contain("takes 37,500 minibatch steps, over the exercise's budget of 5,000")
            .And.Contain("trade epochs against batch size");
        // The book's own recipe does not beat itself.
        Failure<ISoftmaxRegressionConciseSteps>("softmax-concise", "BeatTheBook",
            (Func<(int, int, double)>)(() => (256, 10, 0.1)))
            .Should().Contain("not above the book's 0.822").And.Contain("the loss still falling");
    }
}
