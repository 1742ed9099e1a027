namespace Lessons.Figures;

/// <summary>
/// d2l's <c>Animator</c> (§3.6 / §4.4): plots data as training goes. Each <see cref="Add"/> rewrites the SVG file,
/// so a browser pointed at it (and reloaded) shows the curves growing epoch by epoch.
/// </summary>
/// <param name="path">The SVG file to (re)write.</param>
/// <param name="chart">The chart, with its legend, labels and limits.</param>
public sealed class Animator(string path, LineChart chart)
{
    /// <summary>The file being written.</summary>
    public string Path { get; } = path;

    /// <summary>The chart drawn so far.</summary>
    public LineChart Chart { get; } = chart;

    /// <summary>Adds a point to every series and rewrites the file (atomically: a reader never sees half of
    /// it).</summary>
    public void Add(double x, params double[] ys)
    {
        Chart.Add(x, ys);
        Chart.ToSvg().Save(Path);
    }

    /// <summary>
    /// Adds <paramref name="note"/> to the chart's title and rewrites the file, so a figure left by a run that
    /// stopped early (interrupted, diverged) says so; does nothing when no point was drawn yet (no file exists).
    /// </summary>
    public void Note(string note)
    {
        if (!File.Exists(Path))
        {
            return;
        }

        Chart.Title = Chart.Title.Length == 0 ? note : $"{Chart.Title} ({note})";
        Chart.ToSvg().Save(Path);
    }
}
