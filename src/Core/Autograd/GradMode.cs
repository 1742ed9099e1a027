namespace Lessons.Autograd;

/// <summary>
/// Whether operations record the graph, like torch.no_grad: parameter updates and evaluation run with
/// recording off, so they neither build a graph nor are differentiated through.
/// </summary>
public static class GradMode
{
    [ThreadStatic]
    private static int disabledDepth;

    /// <summary>True unless inside a <see cref="Tensor.NoGrad"/> scope.</summary>
    public static bool IsEnabled => disabledDepth == 0;

    internal static IDisposable Disable()
    {
        disabledDepth++;
        return new Enable();
    }

    private sealed class Enable : IDisposable
    {
        private bool done;

        public void Dispose()
        {
            if (!done)
            {
                done = true;
                disabledDepth--;
            }
        }
    }
}
