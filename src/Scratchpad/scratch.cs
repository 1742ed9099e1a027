// A scratchpad for experiments: a .NET 10 file-based app. Run it from the repository root with
//     dotnet run src/Scratchpad/scratch.cs
// and copy it (cp src/Scratchpad/scratch.cs src/Scratchpad/mine.cs) for an experiment of your own. docs/index.md
// shows it; a test runs it (tests/Lessons.Tests/Docs/ScratchpadTests.cs).
// <doc:scratchpad>
#:project ../Core/Lessons.Core.csproj
#:project ../Backends/Cpu/Lessons.Backends.Cpu.csproj
using Lessons;
using Lessons.Autograd;
using Lessons.Backends;
using Lessons.Backends.Cpu;

using var cpu = new CpuBackend();
using var use = Backend.Use(cpu);

// A function of your own: f(x) = Σ x²·σ(x). Is autograd's gradient right?
static Tensor F(Tensor[] t) => (t[0].Square() * t[0].Sigmoid()).Sum();

var x = Tensor.FromArray(new[] { -1.5, 0.2, 2.0 }, requiresGrad: true);
F([x]).Backward();
Console.WriteLine($"autograd's gradient: {x.Grad}");

var report = GradCheck.Check(F, [x.Detach()]);
Console.WriteLine(report.Passed
    ? $"GradCheck: all {report.EntriesChecked} entries agree with central differences"
    : $"GradCheck: {report.Failure}");
// </doc:scratchpad>
