using Lessons.Losses;
using Lessons.Tests.Support;

namespace Lessons.Tests.Losses;

/// <summary>Errors are part of the API: a wrong label, shape, range or option names what it got and expected.</summary>
[TestFixtureSource(typeof(TestBackends), nameof(TestBackends.All))]
public sealed class LossErrorTests(string backend) : BackendFixture(backend)
{
    [TestCase(10)]
    [TestCase(-1)]
    public void A_label_out_of_range_on_the_fused_path_names_the_label_and_the_classes(int label)
    {
        var act = () => new CrossEntropyLoss().Forward(Tensor.Zeros([2, 10], backend: Device), I32([1, label], 2));

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage(
            $"CrossEntropyLoss: target {label} is out of range for 10 classes (expected 0..9 or ignore_index -100).*");
    }

    [Test]
    public void A_label_out_of_range_on_the_composed_paths_names_the_label_and_the_classes()
    {
        var logits = Tensor.Zeros([2, 5], backend: Device);
        var labels = I32([7, 1], 2);

        ((Action)(() => new CrossEntropyLoss(labelSmoothing: 0.1).Forward(logits, labels))).Should()
            .Throw<ArgumentOutOfRangeException>()
            .WithMessage("CrossEntropyLoss: target 7 is out of range for 5 classes*");
        ((Action)(() => new NllLoss(ignoreIndex: 3).Forward(logits, labels))).Should()
            .Throw<ArgumentOutOfRangeException>()
            .WithMessage("NllLoss: target 7 is out of range for 5 classes (expected 0..4 or ignore_index 3).*");
    }

    [Test]
    public void A_target_of_the_wrong_shape_names_both_shapes_and_the_expected_one()
    {
        var act = () => new CrossEntropyLoss().Forward(Tensor.Zeros([4, 10], backend: Device), I32([1, 2, 3], 3));

        act.Should().Throw<ArgumentException>().WithMessage(
            "CrossEntropyLoss: target shape (3) does not match input shape (4x10); expected (4)*");
    }

    [Test]
    public void Float_labels_are_refused_with_the_two_accepted_forms()
    {
        var floatLabels = Tensor.Zeros([4], backend: Device);

        var act = () => new CrossEntropyLoss().Forward(Tensor.Zeros([4, 10], backend: Device), floatLabels);

        act.Should().Throw<ArgumentException>().WithMessage(
            "CrossEntropyLoss: class-index targets must be an Int32 tensor, got Float32 of shape (4); " +
            "probability targets must have the input's shape (4x10).");
    }

    [Test]
    public void A_regression_target_of_another_shape_is_an_error_not_a_silent_broadcast()
    {
        var act = () =>
            new MseLoss().Forward(Tensor.Zeros([10, 1], backend: Device), Tensor.Zeros([10], backend: Device));

        act.Should().Throw<ArgumentException>().WithMessage(
            "MseLoss: input shape (10x1) and target shape (10) differ; expected the target to have the input's " +
            "shape (10x1)*");
    }

    [Test]
    public void Bce_refuses_inputs_outside_zero_to_one_naming_the_value_and_its_index()
    {
        var act = () => new BceLoss().Forward(F32([0.5f, 0.2f, 1.5f, 0.1f], 2, 2), F32([1, 0, 1, 0], 2, 2));

        act.Should().Throw<ArgumentOutOfRangeException>().WithMessage(
            "BceLoss: input 1.5 at [1, 0] is outside [0, 1]; BceLoss takes probabilities: apply Sigmoid first, " +
            "or give the logits to BceWithLogitsLoss.*");
    }

    [Test]
    public void A_class_weight_of_the_wrong_size_is_refused()
    {
        var loss = new CrossEntropyLoss(F32([1, 2, 3], 3));

        var act = () => loss.Forward(Tensor.Zeros([2, 4], backend: Device), I32([0, 1], 2));

        act.Should().Throw<ArgumentException>()
            .WithMessage("CrossEntropyLoss: weight has shape (3), expected (4): one weight per class.");
    }

    [Test]
    public void Options_outside_their_range_are_refused()
    {
        var x = Tensor.Zeros([2, 3], backend: Device);
        var labels = I32([0, 1], 2);

        ((Action)(() => Functional.CrossEntropy(x, labels, labelSmoothing: 1.5))).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage("*label_smoothing must be between 0.0 and 1.0, got 1.5*");
        ((Action)(() => Functional.HuberLoss(x, x, delta: 0))).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage("HuberLoss: delta must be positive, got 0.*");
        ((Action)(() => Functional.SmoothL1Loss(x, x, beta: -1))).Should()
            .Throw<ArgumentOutOfRangeException>().WithMessage("SmoothL1Loss: beta must be >= 0, got -1.*");
        ((Action)(() => Functional.BinaryCrossEntropyWithLogits(x, x, posWeight: F32([1, 2], 2)))).Should()
            .Throw<ArgumentException>()
            .WithMessage("BceWithLogitsLoss: posWeight of shape (2) does not broadcast to the input shape (2x3).");
    }
}
