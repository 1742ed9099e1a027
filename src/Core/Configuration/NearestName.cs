namespace Lessons.Configuration;

/// <summary>
/// "Did you mean …?" for names a user types: the valid name closest to a misspelt one, by edit distance
/// (insertions, deletions, substitutions and swaps of neighbours, ignoring case), when it is close enough to be a
/// likely typo.
/// </summary>
public static class NearestName
{
    /// <summary>
    /// The name in <paramref name="valid"/> nearest to <paramref name="typed"/>, or null when none is within about
    /// a third of the typed length (so "cuda" suggests nothing among "cpu, opencl", while "backnd" suggests
    /// "backend").
    /// </summary>
    public static string? Find(string typed, IEnumerable<string> valid)
    {
        var limit = Math.Max(2, typed.Length / 3);
        return valid.Select(name => (Name: name, Distance: Distance(typed, name)))
            .Where(c => c.Distance <= limit)
            .OrderBy(c => c.Distance)
            .Select(c => c.Name)
            .FirstOrDefault();
    }

    /// <summary>The optimal-string-alignment distance between <paramref name="a"/> and <paramref name="b"/>,
    /// ignoring case.</summary>
    public static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1); // two neighbours swapped: one typo
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
