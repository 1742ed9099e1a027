using System.Text.Json;
using Lessons.Tests.Reference;

namespace Lessons.Tests.Ops;

/// <summary>
/// The PyTorch 1.13 values the one-line op tests compare with: every case of every Ops/ops_*.json (written by
/// make_op_refs.py beside them), read once, by case name.
/// </summary>
public static class OpReference
{
    private static readonly Lazy<IReadOnlyDictionary<string, ReferenceCase>> Cases = new(Load);

    /// <summary>The folder the files are read from (copied next to the test assembly).</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Ops");

    /// <summary>Every case name in the files.</summary>
    public static IEnumerable<string> Names => Cases.Value.Keys;

    /// <summary>The case called <paramref name="name"/>; a missing one is an error saying how to make it.</summary>
    public static ReferenceCase Get(string name) =>
        Cases.Value.TryGetValue(name, out var c)
            ? c
            : throw new InvalidOperationException(
                $"No PyTorch reference case '{name}' in {Directory}; add it to make_op_refs.py and run " +
                "/usr/bin/python3 make_op_refs.py.");

    private static Dictionary<string, ReferenceCase> Load()
    {
        var cases = new Dictionary<string, ReferenceCase>(StringComparer.Ordinal);
        foreach (var path in System.IO.Directory.GetFiles(Directory, "ops_*.json").Order(StringComparer.Ordinal))
        {
            var file = Path.GetFileName(path);
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            foreach (var json in document.RootElement.GetProperty("cases").EnumerateArray())
            {
                var name = json.GetProperty("name").GetString()!;
                if (!cases.TryAdd(name, new ReferenceCase(file, name, json.Clone())))
                {
                    throw new InvalidOperationException($"{file}: case '{name}' appears twice in {Directory}.");
                }
            }
        }

        return cases;
    }
}
