namespace Lessons.Tests.Support;

/// <summary>
/// A seed drawn from a case's name by a fixed hash (FNV-1a), so every run draws the same inputs and a failure
/// reproduces. string.GetHashCode is randomised per process, and a record's GetHashCode mixes in its type's, which
/// is an object identity.
/// </summary>
internal static class StableSeed
{
    /// <summary>A seed in 0..65535 from <paramref name="name"/>.</summary>
    public static int Of(string name)
    {
        var hash = 2166136261u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)((hash ^ (hash >> 16)) & 0xFFFF);
    }
}
