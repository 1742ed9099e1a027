// Where a training step's time goes, phase by phase, on the CPU backend: the softmax-regression epoch and the MLP
// epoch of `lessons bench`, run through the lessons' own TrainEpoch with each piece wrapped in a stopwatch.
// A .NET 10 file-based app; from the repository root:
//
//     dotnet run -c Release bench/step-breakdown.cs            # 3 timed epochs of each after one warm-up
//     dotnet run -c Release bench/step-breakdown.cs -- 5       # 5 timed epochs
//
// Warm-up epochs run until the JIT is quiet, as in `lessons bench`. Phases: gather (the DataLoader's next batch: shuffled rows copied out of the dataset), forward (the net),
// loss, backward (zero_grad, then Backward()), update (sgd or Adam's step), metrics (the rest of TrainEpoch: the
// loss sum, the accuracy and the accumulator). Each phase's time is the median over the epochs of its mean per
// step. The CPU backend runs every operation before it returns, so a stopwatch around a phase times its work; an
// OpenCL queue would not (use LESSONS_OPENCL_PROFILE=1 there, docs/performance.md).
#:project ../src/Lessons/Lessons.csproj
#:property Optimize=true
#:property JsonSerializerIsReflectionEnabledByDefault=true
using System.Diagnostics;
using Lessons;
using Lessons.Backends;
using Lessons.Backends.Cpu;
using Lessons.Benchmarks;
using Lessons.Chapter3;
using Lessons.Data;
using Lessons.Framework;
using Lessons.Losses;
using Lessons.Optim;
using Lessons.Random;

var epochs = args.Length > 0 ? int.Parse(args[0]) : 3;
var data = DatasetLoader.Load(DatasetSpec.FashionMnist, DataSearch.Default(DatasetSpec.FashionMnist));
using var cpu = new CpuBackend();
using var use = Backend.Use(cpu);
using var dataset = new ImageDataset(data, cpu);
Console.WriteLine($"{cpu.DeviceName}; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");

// Softmax regression from scratch: the same recipe as SoftmaxScratchEpoch (batch 256, lr 0.1).
{
    var generator = new Generator(0);
    using var W = Tensor.Normal(0, 0.01, [784, 10], generator, requiresGrad: true);
    using var b = Tensor.Zeros([10], requiresGrad: true);
    var phases = new Phases();
    var updater = new PhasedUpdater(phases, l => l.Sum(), () => LinearRegressionScratch.Sgd([W, b], 0.1, 256), null);
    Run("softmax regression from scratch, batch 256", phases, epochs, new DataLoader(dataset.Train, 256, shuffle: true,
        generator: generator), X => SoftmaxRegressionScratch.Softmax(X.Reshape(-1, 784).MatMul(W) + b),
        SoftmaxRegressionScratch.CrossEntropy, updater);
}

// The MLP lesson's 784-128-10 network with Adam (batch 64, lr 1e-3), as MlpEpoch.
{
    var generator = new Generator(0);
    var net = Mlp.CreateNotesNet(generator);
    var adam = new Adam(net.Parameters(), 1e-3);
    var phases = new Phases();
    var updater = new PhasedUpdater(phases, l => l.Mean(), adam.Step, adam.ZeroGrad);
    Run("784-128-10 MLP with Adam, batch 64", phases, epochs, new DataLoader(dataset.Train, 64, shuffle: true,
        generator: generator), net.Forward, new CrossEntropyLoss(reduction: Reduction.None).Forward, updater);
}

static void Run(string title, Phases phases, int epochs, DataLoader loader, Func<Tensor, Tensor> net,
    Func<Tensor, Tensor, Tensor> loss, IUpdater updater)
{
    // Warm-up epochs until one compiles no new method (at most 5): .NET swaps in optimised code in the background,
    // and a step measured before that runs first-tier code, two or three times slower (docs/performance.md).
    for (var warmups = 0; warmups < 5; warmups++)
    {
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        SoftmaxRegressionScratch.TrainEpoch(net, loader, loss, updater);
        Thread.Sleep(300);
        if (System.Runtime.JitInfo.GetCompiledMethodCount() == compiled && warmups > 0)
        {
            break;
        }
    }

    var perEpoch = new List<(double Total, Dictionary<string, double> Phase)>();
    for (var epoch = 1; epoch <= epochs; epoch++)
    {
        phases.Reset();
        var watch = Stopwatch.StartNew();
        SoftmaxRegressionScratch.TrainEpoch(phases.Time("forward", net), new TimedBatches(phases, loader),
            phases.Time("loss", loss), updater);
        var total = watch.Elapsed.TotalSeconds;
        var steps = phases.Steps;
        var phase = phases.Seconds.ToDictionary(p => p.Key, p => p.Value / steps);
        phase["metrics"] = (total / steps) - phase.Values.Sum();
        perEpoch.Add((total, phase));
    }

    static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    var epochSeconds = Median(perEpoch.Select(e => e.Total));
    Console.WriteLine($"\n{title}: epoch {epochSeconds:F4} s (median of {epochs}), {phases.Steps} steps");
    Console.WriteLine($"{"phase",-10} {"µs/step",9} {"share",7}");
    var stepMicroseconds = epochSeconds / phases.Steps * 1e6;
    foreach (var name in new[] { "gather", "forward", "loss", "backward", "update", "metrics" })
    {
        var micro = Median(perEpoch.Select(e => e.Phase.GetValueOrDefault(name))) * 1e6;
        Console.WriteLine($"{name,-10} {micro,9:F1} {micro / stepMicroseconds,7:P0}");
    }
}

/// <summary>Seconds per named phase over one epoch, and the number of steps.</summary>
sealed class Phases
{
    public Dictionary<string, double> Seconds { get; } = [];

    public int Steps { get; set; }

    public void Reset()
    {
        Seconds.Clear();
        Steps = 0;
    }

    public void Add(string phase, long startTimestamp) =>
        Seconds[phase] = Seconds.GetValueOrDefault(phase) + Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;

    public Func<T, TResult> Time<T, TResult>(string phase, Func<T, TResult> f) => x =>
    {
        var start = Stopwatch.GetTimestamp();
        var result = f(x);
        Add(phase, start);
        return result;
    };

    public Func<T1, T2, TResult> Time<T1, T2, TResult>(string phase, Func<T1, T2, TResult> f) => (x, y) =>
    {
        var start = Stopwatch.GetTimestamp();
        var result = f(x, y);
        Add(phase, start);
        return result;
    };
}

/// <summary>The loader's batches, each MoveNext (the gather) timed.</summary>
sealed class TimedBatches(Phases phases, DataLoader loader) : IEnumerable<Batch>
{
    public IEnumerator<Batch> GetEnumerator()
    {
        using var batches = loader.GetEnumerator();
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            var more = batches.MoveNext();
            phases.Add("gather", start);
            if (!more)
            {
                yield break;
            }

            phases.Steps++;
            yield return batches.Current;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>The lessons' updaters (ScratchUpdater, OptimizerUpdater) with backward and update timed apart.</summary>
sealed class PhasedUpdater(Phases phases, Func<Tensor, Tensor> reduce, Action step, Action? zeroGrad) : IUpdater
{
    public void Update(Tensor l, int batchSize)
    {
        var start = Stopwatch.GetTimestamp();
        zeroGrad?.Invoke();
        reduce(l).Backward();
        phases.Add("backward", start);
        start = Stopwatch.GetTimestamp();
        step();
        phases.Add("update", start);
    }
}
