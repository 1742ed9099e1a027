using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Emit;

namespace Lessons.Steps;

/// <summary>
/// Compiles the learner's workbook (<c>src/Lessons/Workbook/*.cs</c>) in-process with Roslyn into a collectible
/// <see cref="AssemblyLoadContext"/>, the way <c>dotnet watch</c> hot-reloads, but in well under a second once warm:
/// a saved edit is re-checked without rebuilding the project, and a file that does not compile is reported with the
/// compiler's own messages (file:line) while the other files' steps still run. The workbook is never part of the
/// <c>lessons</c> assembly itself (see Lessons.csproj), so a broken workbook cannot break the command that reports it.
/// </summary>
public static class WorkbookCompiler
{
    private const int CacheSize = 8;

    // The usings the project's SDK adds implicitly (ImplicitUsings), so a workbook file compiles here as it would in
    // the project.
    private static readonly SyntaxTree GlobalUsings = CSharpSyntaxTree.ParseText(
        "global using System; global using System.Collections.Generic; global using System.IO; " +
        "global using System.Linq; global using System.Net.Http; global using System.Threading; " +
        "global using System.Threading.Tasks;", Options);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(LoadReferences);
    private static readonly Dictionary<string, WorkbookBuild> Cache = [];
    private static readonly Queue<string> CacheOrder = new();
    private static readonly Lock CacheLock = new();

    private static CSharpParseOptions Options => new(LanguageVersion.Latest);

    /// <summary>
    /// The workbook in <paramref name="folder"/> (the located one by default), compiled; the same files compile
    /// once per process.
    /// </summary>
    public static WorkbookBuild Compile(string? folder = null)
    {
        folder ??= WorkbookFolder.Locate();
        var files = Directory.GetFiles(folder, "*.cs").Order(StringComparer.Ordinal)
            .Select(path => (Path: path, Text: ReadShared(path))).ToList();
        var key = Hash(files);
        lock (CacheLock)
        {
            if (Cache.TryGetValue(key, out var cached))
            {
                return cached;
            }

            var build = Build(folder, files);
            Cache[key] = build;
            CacheOrder.Enqueue(key);
            if (CacheOrder.Count > CacheSize && Cache.Remove(CacheOrder.Dequeue(), out var evicted))
            {
                evicted.Unload();
            }

            return build;
        }
    }

    /// <summary>Compiles the files; when some do not compile, compiles the others without them.</summary>
    private static WorkbookBuild Build(string folder, List<(string Path, string Text)> files)
    {
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, Options, f.Path, Encoding.UTF8)).ToList();
        var errors = new List<WorkbookError>();
        var broken = new HashSet<SyntaxTree>();
        var stepsInterfaces = StepTarget.StepsInterfaces;
        for (var attempt = 0; attempt <= trees.Count; attempt++)
        {
            var included = trees.Where(t => !broken.Contains(t)).ToList();
            var compilation = CSharpCompilation.Create($"Lessons.Workbook.{Guid.NewGuid():N}",
                [GlobalUsings, .. included],
                References.Value, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
                    nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Debug));
            using var pe = new MemoryStream();
            using var pdb = new MemoryStream();
            var result = compilation.Emit(pe, pdb, options: new EmitOptions(
                debugInformationFormat: DebugInformationFormat.PortablePdb));
            if (result.Success)
            {
                var context = new AssemblyLoadContext("workbook", isCollectible: true);
                pe.Position = 0;
                pdb.Position = 0;
                var assembly = context.LoadFromStream(pe, pdb);
                var declared = trees.ToDictionary(t => t, t => DeclaredInterfaces(t, stepsInterfaces));
                var failedInterfaces = broken.SelectMany(t => declared[t])
                    .ToDictionary(i => i, i => (IReadOnlyList<WorkbookError>)[.. errors.Where(e =>
                        declared.Any(d => d.Key.FilePath == e.File && d.Value.Contains(i)))]);
                return new WorkbookBuild(folder, errors, Instantiate(assembly, stepsInterfaces), failedInterfaces,
                    context);
            }

            var newErrors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
                .Select(WorkbookError.From).ToList();
            errors.AddRange(newErrors.Where(e => !errors.Contains(e)));
            var newlyBroken = included.Where(t => newErrors.Any(e => e.File == t.FilePath)).ToList();
            if (newlyBroken.Count == 0)
            {
                break; // an error with no file (a reference): nothing compiles
            }

            broken.UnionWith(newlyBroken);
        }

        var all = trees.SelectMany(t => DeclaredInterfaces(t, stepsInterfaces)).Distinct()
            .ToDictionary(i => i, _ => (IReadOnlyList<WorkbookError>)errors);
        return new WorkbookBuild(folder, errors, new Dictionary<Type, object>(), all, null);
    }

    /// <summary>One instance of each public class that implements a steps interface.</summary>
    private static Dictionary<Type, object> Instantiate(Assembly assembly, IReadOnlyList<Type> stepsInterfaces)
    {
        var instances = new Dictionary<Type, object>();
        foreach (var type in assembly.GetExportedTypes().Where(t => t is { IsClass: true, IsAbstract: false }))
        {
            foreach (var steps in stepsInterfaces.Where(i => i.IsAssignableFrom(type) && !instances.ContainsKey(i)))
            {
                instances[steps] = Activator.CreateInstance(type)!;
            }
        }

        return instances;
    }

    /// <summary>The steps interfaces a file's classes name in their base lists, read from its syntax alone (so
    /// even a file that does not compile says which lesson it is).</summary>
    private static List<Type> DeclaredInterfaces(SyntaxTree tree, IReadOnlyList<Type> stepsInterfaces)
    {
        var named = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>()
            .SelectMany(c => c.BaseList?.Types ?? default)
            .Select(t => t.Type.ToString().Split('.')[^1])
            .ToHashSet();
        var byName = stepsInterfaces.Where(i => named.Contains(i.Name)).ToList();
        if (byName.Count > 0)
        {
            return byName;
        }

        // A class whose base list the learner broke: go by the file's name (SoftmaxRegressionScratch.cs).
        var file = $"I{Path.GetFileNameWithoutExtension(tree.FilePath)}Steps";
        return [.. stepsInterfaces.Where(i => i.Name == file)];
    }

    /// <summary>Every assembly the program runs with (the framework, Lessons.Core, Lessons, MathNet…), so the
    /// workbook can use whatever the lessons use.</summary>
    private static IReadOnlyList<MetadataReference> LoadReferences()
    {
        var paths = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(typeof(StepTarget).Assembly.Location)
            .Append(typeof(Tensor).Assembly.Location)
            .Where(p => p.Length > 0 && File.Exists(p))
            .Distinct(StringComparer.Ordinal);
        return [.. paths.Select(p => MetadataReference.CreateFromFile(p))];
    }

    /// <summary>A file's text, read even while an editor holds it open for writing.</summary>
    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Hash(IEnumerable<(string Path, string Text)> files)
    {
        var text = string.Join("\0", files.Select(f => f.Path + "\0" + f.Text));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}

/// <summary>One error of the C# compiler in a workbook file, printed as the compiler prints it, with its
/// file:line:column.</summary>
/// <param name="File">The full path of the file.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Code">The compiler's code, e.g. CS1002.</param>
/// <param name="Message">The compiler's message.</param>
public sealed record WorkbookError(string File, int Line, int Column, string Code, string Message)
{
    /// <summary>An explanation a learner needs beside the compiler's words, for the errors the workbook
    /// invites.</summary>
    public string? Explanation => Code switch
    {
        "CS1656" => "In C#, a foreach variable is read-only: `foreach (var p in parameters) p -= …` cannot update " +
            "p. Loop over the indices instead: `parameters[i] -= …` calls Tensor's own -= operator (C# 14's " +
            "user-defined compound assignment), which changes the tensor in place, as the book's param -= … does.",
        _ => null,
    };

    /// <summary>The error of a Roslyn diagnostic.</summary>
    internal static WorkbookError From(Diagnostic d)
    {
        var span = d.Location.GetMappedLineSpan();
        return new WorkbookError(span.Path, span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1,
            d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var line = $"{WorkbookFolder.Display(File)}:{Line}:{Column}: error {Code}: {Message}";
        return Explanation is null ? line : $"{line}\n    {Explanation}";
    }
}

/// <summary>
/// The compiled workbook: an instance of each steps interface the workbook implements, and the compiler's errors of
/// the files that did not compile (their steps report those errors instead of running).
/// </summary>
public sealed class WorkbookBuild
{
    private readonly AssemblyLoadContext? context;

    internal WorkbookBuild(string folder, IReadOnlyList<WorkbookError> errors,
        IReadOnlyDictionary<Type, object> implementations,
        IReadOnlyDictionary<Type, IReadOnlyList<WorkbookError>> failed, AssemblyLoadContext? context)
    {
        Folder = folder;
        Errors = errors;
        Implementations = implementations;
        Failed = failed;
        this.context = context;
    }

    /// <summary>The workbook folder.</summary>
    public string Folder { get; }

    /// <summary>Every compiler error, file by file.</summary>
    public IReadOnlyList<WorkbookError> Errors { get; }

    /// <summary>The learner's implementation of each steps interface whose file compiled.</summary>
    public IReadOnlyDictionary<Type, object> Implementations { get; }

    /// <summary>The steps interfaces whose file did not compile, with that file's errors.</summary>
    public IReadOnlyDictionary<Type, IReadOnlyList<WorkbookError>> Failed { get; }

    /// <summary>Lets the runtime unload the compiled workbook once nothing uses it any more.</summary>
    internal void Unload() => context?.Unload();
}

/// <summary>
/// A workbook file does not compile: the message lists the compiler's errors, each with its file:line, so a step of
/// that file reports them instead of a result.
/// </summary>
public sealed class WorkbookCompileException : Exception
{
    /// <summary>The errors of <paramref name="stepsInterface"/>'s file.</summary>
    public WorkbookCompileException(Type stepsInterface, IReadOnlyList<WorkbookError> errors)
        : base(Describe(stepsInterface, errors)) => Errors = errors;

    /// <summary>A compile failure with a message of its own.</summary>
    public WorkbookCompileException(string message)
        : base(message) => Errors = [];

    /// <summary>A compile failure with no message (use the other constructors).</summary>
    public WorkbookCompileException()
        : this("the workbook does not compile.")
    {
    }

    /// <summary>A compile failure caused by another exception.</summary>
    public WorkbookCompileException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>The compiler's errors.</summary>
    public IReadOnlyList<WorkbookError> Errors { get; }

    private static string Describe(Type stepsInterface, IReadOnlyList<WorkbookError> errors)
    {
        var file = errors.Count > 0 ? WorkbookFolder.Display(errors[0].File) : $"the file of {stepsInterface.Name}";
        var shown = errors.Take(10).Select(e => "  " + e.ToString().Replace("\n", "\n  ", StringComparison.Ordinal));
        var more = errors.Count > 10 ? $"\n  … and {errors.Count - 10} more errors" : "";
        return $"{file} does not compile — fix the compiler's errors first:\n{string.Join("\n", shown)}{more}";
    }
}
