using Lessons.Backends;

namespace Lessons.Tests.Reference;

/// <summary>Runs a reference case by its "kind": loss, function (softmax / log_softmax) or optimizer.</summary>
public static class ReferenceCaseRunner
{
    /// <summary>
    /// Checks <paramref name="c"/> on <paramref name="backend"/> in <paramref name="dtype"/>; throws a
    /// <see cref="ReferenceCaseException"/> naming the case and its file when the case cannot be run as written.
    /// </summary>
    public static void Run(ReferenceCase c, IBackend backend, DType dtype)
    {
        if (c.Problem is { } problem)
        {
            throw new ReferenceCaseException(problem);
        }

        using var useBackend = Backend.Use(backend);
        switch (c.Kind)
        {
            case "loss":
                LossCaseRunner.Run(c, backend, dtype);
                break;
            case "function":
                FunctionCaseRunner.Run(c, backend, dtype);
                break;
            case "optimizer":
                OptimizerCaseRunner.Run(c, backend, dtype);
                break;
            case "convolution":
                ConvolutionCaseRunner.Run(c, backend, dtype);
                break;
            default:
                throw c.Fail($"has the unknown kind '{c.Kind}' (known: loss, function, optimizer, convolution)");
        }
    }

    /// <summary>Why the case has no float32 twin (see <see cref="LossCaseRunner.Float32Obstacle"/>), or null.</summary>
    public static string? Float32Obstacle(ReferenceCase c) =>
        c.Problem is null && c.Kind == "loss" ? LossCaseRunner.Float32Obstacle(c) : null;
}
