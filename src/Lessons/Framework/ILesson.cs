namespace Lessons.Framework;

/// <summary>
/// One section of the chapter as something the <c>lessons</c> command can run: its command-line name, its title,
/// the section numbers in both editions of the book, and a <see cref="Run"/> that tells the section's story.
/// </summary>
public interface ILesson
{
    /// <summary>The command-line name, e.g. "softmax-scratch".</summary>
    string Name { get; }

    /// <summary>The section's title.</summary>
    string Title { get; }

    /// <summary>Section numbers: d2l 0.17 (the seed notes) and the current edition, e.g. "3.6 / 4.4".</summary>
    string Sections { get; }

    /// <summary>The book's hyperparameters of each training recipe in the lesson (none for a lesson that does not
    /// train), for <c>lessons run &lt;lesson&gt; --help</c>.</summary>
    IReadOnlyList<Hyperparameters> Defaults => [];

    /// <summary>
    /// The datasets the lesson can train on, by their <c>--dataset</c> names (see <see cref="LessonDatasets"/>), its
    /// default first; empty (the default) when it has no dataset to choose, and <c>--dataset</c> is refused.
    /// </summary>
    IReadOnlyList<string> Datasets => [];

    /// <summary>Runs the lesson, reporting as it goes; returns the figures a script reads from <c>--json</c>.</summary>
    LessonResult Run(LessonContext context);
}
