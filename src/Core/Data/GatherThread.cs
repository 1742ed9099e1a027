using System.Runtime.ExceptionServices;

namespace Lessons.Data;

/// <summary>
/// One thread of its own that gathers the next batch while the caller trains on this one (torch's DataLoader
/// does it in worker processes). The hand-over spins before it sleeps, on both sides, because a training step is
/// shorter than the time a sleeping thread takes to wake up here.
/// </summary>
/// <remarks>
/// This replaced a thread-pool task per batch. With the task, the softmax-regression epoch alternated between
/// 0.052 and 0.10 s, whole epochs at a time: a pool thread parks after a short idle spin, every batch then woke
/// it and was in turn woken by it, and Linux tends to wake a thread on the core of the one that woke it, so the
/// gather and the training shared one core while the other idled (gathering in line, without any second thread,
/// is a steady 0.078 s). With this thread the epoch is 0.053–0.057 s, the MLP's 0.53 → 0.49 s and LeNet's
/// 2.70 → 2.51 s (A/B, `lessons bench --backend cpu`). When the other core is busy anyway (another program; a
/// `dotnet run` of a file-based app keeps its host busy), the thread may not have begun a batch by the time the
/// caller wants it: <see cref="Take"/> then gathers it itself instead of waiting behind it (0.085 s an epoch
/// there, where waiting gave 0.095–0.10).
/// </remarks>
internal sealed class GatherThread : IDisposable
{
    /// <summary>Spins before a wait blocks: ManualResetEventSlim's largest, a few milliseconds of spinning and
    /// yielding, longer than a training step of the lessons; the yields hand the core to any other work.</summary>
    private const int SpinCount = 2047;

    private readonly ManualResetEventSlim requested = new(false, SpinCount);
    private readonly ManualResetEventSlim finished = new(false, SpinCount);
    private readonly Thread thread;
    private Func<Batch>? gather;
    private Batch? gathered;
    private ExceptionDispatchInfo? failure;
    private volatile bool stopping;
    private bool pending;
    private int claimed; // 1 once the thread or the caller has taken the gather asked for, 0 before

    /// <summary>Starts the thread; it waits for <see cref="Start"/>.</summary>
    public GatherThread()
    {
        // A background thread: a loader abandoned without Dispose never keeps the process alive.
        thread = new Thread(Run) { IsBackground = true, Name = "DataLoader gather" };
        thread.Start();
    }

    /// <summary>Starts gathering a batch with <paramref name="next"/>; <see cref="Take"/> returns it.</summary>
    public void Start(Func<Batch> next)
    {
        gather = next;
        pending = true;
        Volatile.Write(ref claimed, 0);
        requested.Set();
    }

    /// <summary>
    /// The batch that <see cref="Start"/> asked for: gathered here when the thread has not begun it yet (it sat
    /// behind the caller on one core), else waited for; rethrows what the gather threw.
    /// </summary>
    public Batch Take()
    {
        pending = false;
        if (Interlocked.Exchange(ref claimed, 1) == 0)
        {
            return gather!();
        }

        finished.Wait();
        finished.Reset();
        var batch = gathered;
        gathered = null;
        failure?.Throw();
        return batch!;
    }

    /// <summary>Waits for a gather still running, frees its batch and ends the thread.</summary>
    public void Dispose()
    {
        // A caller that stopped early (a break, an exception, Ctrl-C) left one batch coming, unless the thread had
        // not begun it.
        if (pending && Interlocked.Exchange(ref claimed, 1) != 0)
        {
            finished.Wait();
            gathered?.Dispose();
        }

        stopping = true;
        requested.Set();
        thread.Join();
        requested.Dispose();
        finished.Dispose();
    }

    private void Run()
    {
        while (true)
        {
            requested.Wait();
            requested.Reset();
            if (stopping)
            {
                return;
            }

            if (Interlocked.Exchange(ref claimed, 1) != 0)
            {
                continue; // the caller gathered it already
            }

            try
            {
                gathered = gather!();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e); // rethrown to the caller by Take
            }

            finished.Set();
        }
    }
}
