using System.Collections.Concurrent;
using System.Text;
using Lessons.Backends.OpenCl.Native;
using Silk.NET.OpenCL;
using static Lessons.Backends.OpenCl.Native.Cl;

namespace Lessons.Backends.OpenCl;

/// <summary>
/// The kernels of one context: each <c>Kernels/*.cl</c> file is read from the assembly's embedded resources,
/// prefixed with <c>common.cl</c>, and built once per element type (<c>-D real=float|double|int</c>) and
/// per set of extra defines (matmul's tile sizes), on first use. Programs and kernels are cached and
/// released with the library.
/// </summary>
internal sealed unsafe class KernelLibrary(nint context, OpenClDevice device) : IDisposable
{
    private const string ResourcePrefix = "Lessons.Backends.OpenCl.Kernels.";

    private readonly ConcurrentDictionary<string, nint> programs = new();
    private readonly ConcurrentDictionary<string, Kernel> kernels = new();
    private readonly Lock gate = new();

    /// <summary>Number of programs built so far (each file × dtype × defines at most once).</summary>
    public int ProgramCount => programs.Count;

    /// <summary>Kernel <paramref name="name"/> of <paramref name="file"/> for <paramref name="dtype"/>.</summary>
    public Kernel Get(string file, DType dtype, string name, string defines = "")
    {
        var key = $"{file}|{dtype}|{defines}|{name}";
        if (kernels.TryGetValue(key, out var cached))
        {
            return cached;
        }

        lock (gate)
        {
            if (kernels.TryGetValue(key, out cached))
            {
                return cached;
            }

            var kernel = CreateKernel(Program(file, dtype, defines), name, file);
            kernels[key] = kernel;
            return kernel;
        }
    }

    /// <summary>The build options for one element type: what <c>real</c> means, and whether double exists.</summary>
    public string Options(DType dtype, string defines)
    {
        var real = $"-D real={CType(dtype)} -D REAL_{CType(dtype).ToUpperInvariant()}";
        return $"-cl-std=CL1.2 {real}{(device.HasFp64 ? " -D HAS_FP64" : "")} {defines}".TrimEnd();
    }

    /// <summary>The OpenCL C type of a dtype's elements.</summary>
    private static string CType(DType dtype) => dtype switch
    {
        DType.Float32 => "float",
        DType.Float64 => "double",
        _ => "int",
    };

    /// <summary>The text of an embedded kernel file.</summary>
    public static string Source(string file)
    {
        using var stream = typeof(KernelLibrary).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException(
                $"Kernel file '{file}' is not embedded in {typeof(KernelLibrary).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Builds <paramref name="source"/> (common.cl is put in front) and returns the cl_program; a failure
    /// throws with the build log and the file name. Internal so tests can feed it a broken kernel.
    /// </summary>
    internal nint Build(string file, string source, string options)
    {
        // #line keeps the compiler's messages pointing at the right file and line.
        var text = $"#line 1 \"common.cl\"\n{Source("common.cl")}\n#line 1 \"{file}\"\n{source}";
        var bytes = Encoding.UTF8.GetBytes(text);
        nint program;
        int status;
        fixed (byte* p = bytes)
        {
            var strings = p;
            var length = (nuint)bytes.Length;
            program = Api.CreateProgramWithSource(context, 1, &strings, &length, &status);
        }

        ClStatus.Check(status, "clCreateProgramWithSource", file);
        var optionBytes = Encoding.ASCII.GetBytes(options + "\0");
        var handle = device.Handle;
        fixed (byte* o = optionBytes)
        {
            status = Api.BuildProgram(program, 1, &handle, o, null, null);
        }

        if (status != 0)
        {
            var log = ClInfo.BuildLog(program, device.Handle);
            Api.ReleaseProgram(program);
            throw new OpenClException(
                status,
                $"clBuildProgram: {ClStatus.Describe(status)}, kernel file {file} (options: {options}). " +
                $"Build log:\n{log}");
        }

        return program;
    }

    private nint Program(string file, DType dtype, string defines)
    {
        var options = Options(dtype, defines);
        var key = $"{file}|{options}";
        if (!programs.TryGetValue(key, out var program))
        {
            program = Build(file, Source(file), options);
            programs[key] = program;
        }

        return program;
    }

    private Kernel CreateKernel(nint program, string name, string file)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        int status;
        nint handle;
        fixed (byte* n = nameBytes)
        {
            handle = Api.CreateKernel(program, n, &status);
        }

        ClStatus.Check(status, "clCreateKernel", $"kernel '{name}' in {file}");
        var maxGroup = (int)ClInfo.KernelWorkGroupNumber(handle, device.Handle, KernelWorkGroupInfo.WorkGroupSize);
        var multiple = (int)ClInfo.KernelWorkGroupNumber(
            handle, device.Handle, KernelWorkGroupInfo.PreferredWorkGroupSizeMultiple);
        return new Kernel(handle, name, maxGroup, Math.Max(1, multiple));
    }

    /// <summary>Releases every kernel, then every program.</summary>
    public void Dispose()
    {
        foreach (var kernel in kernels.Values)
        {
            Api.ReleaseKernel(kernel.Handle);
        }

        kernels.Clear();
        foreach (var program in programs.Values)
        {
            Api.ReleaseProgram(program);
        }

        programs.Clear();
    }
}
