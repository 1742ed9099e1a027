using System.Text;
using System.Text.RegularExpressions;

namespace Lessons.Tests.Docs;

/// <summary>
/// The parts of a Markdown page the docs tests check: fenced code blocks (with the snippet marker above each),
/// links and images outside code and math, and the anchors its headings define. A small reader for the subset of
/// Markdown the docs use, not a full CommonMark parser.
/// </summary>
public sealed partial class MarkdownPage
{
    private MarkdownPage(string path, IReadOnlyList<string> lines)
    {
        Path = path;
        Lines = lines;
        Parse();
    }

    /// <summary>The page's repository path, e.g. "docs/lessons/mlp.md".</summary>
    public string Path { get; }

    /// <summary>The page's lines.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Every fenced code block, in order.</summary>
    public List<CodeBlock> CodeBlocks { get; } = [];

    /// <summary>Every snippet marker line (<c>&lt;!-- snippet: path#region --&gt;</c>), in order.</summary>
    public List<SnippetMarker> SnippetMarkers { get; } = [];

    /// <summary>Every link and image target outside code and math, in order.</summary>
    public List<Link> Links { get; } = [];

    /// <summary>Every inline code span outside code blocks and math, in order.</summary>
    public List<InlineCode> InlineCode { get; } = [];

    /// <summary>The anchors the page's headings define, as GitHub makes them.</summary>
    public HashSet<string> Anchors { get; } = new(StringComparer.Ordinal);

    /// <summary>The folder of the page, as a repository path ("" for the root).</summary>
    public string Folder => Path.Contains('/') ? Path[..Path.LastIndexOf('/')] : "";

    /// <summary>Reads and parses a page given by its repository path.</summary>
    public static MarkdownPage Load(string path) =>
        new(path, File.ReadAllText(Repository.FullPath(path)).ReplaceLineEndings("\n").Split('\n'));

    /// <summary>The repository path a relative link target names (without its #anchor), or null for a URL.</summary>
    public string? Resolve(string target)
    {
        var file = target.Split('#')[0];
        if (file.Length == 0 || UrlScheme().IsMatch(file))
        {
            return null;
        }

        file = Uri.UnescapeDataString(file).Replace('/', System.IO.Path.DirectorySeparatorChar);
        var combined = System.IO.Path.GetFullPath(System.IO.Path.Combine(Repository.FullPath(Folder), file));
        return Repository.RepositoryPath(combined);
    }

    /// <summary>The anchor GitHub gives a heading: lower case, punctuation dropped, spaces turned into '-'.</summary>
    public static string Slug(string heading)
    {
        var text = InlineLink().Replace(heading, "$1").Replace("`", "", StringComparison.Ordinal).Trim()
            .ToLowerInvariant();
        var slug = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '-' or '_' || char.GetUnicodeCategory(c) is
                System.Globalization.UnicodeCategory.NonSpacingMark or
                System.Globalization.UnicodeCategory.OtherNumber)
            {
                slug.Append(c);
            }
            else if (c == ' ')
            {
                slug.Append('-');
            }
        }

        return slug.ToString();
    }

    private void Parse()
    {
        CodeBlock? open = null;
        var inMath = false;
        var slugCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Lines.Count; i++)
        {
            var line = Lines[i];
            var number = i + 1;
            if (open is not null)
            {
                if (line.TrimStart().StartsWith(open.Fence, StringComparison.Ordinal) &&
                    line.Trim().Trim(open.Fence[0]).Length == 0)
                {
                    CodeBlocks.Add(open);
                    open = null;
                }
                else
                {
                    open.Content.Add(line);
                }

                continue;
            }

            if (FenceOpening().Match(line) is { Success: true } fence)
            {
                var marker = i > 0 ? SnippetMarker.Parse(Lines[i - 1], number - 1) : null;
                open = new CodeBlock(number, fence.Groups["fence"].Value, fence.Groups["info"].Value.Trim(), marker);
                continue;
            }

            if (line.Trim() == "$$")
            {
                inMath = !inMath;
                continue;
            }

            if (inMath)
            {
                continue;
            }

            if (SnippetMarker.Parse(line, number) is { } snippet)
            {
                SnippetMarkers.Add(snippet);
            }

            if (Heading().Match(line) is { Success: true } heading)
            {
                var slug = Slug(heading.Groups["text"].Value);
                var count = slugCounts.GetValueOrDefault(slug);
                slugCounts[slug] = count + 1;
                Anchors.Add(count == 0 ? slug : $"{slug}-{count}");
            }

            foreach (Match span in CodeSpan().Matches(line))
            {
                InlineCode.Add(new InlineCode(number, span.Groups["code"].Value.Trim()));
            }

            var prose = MathSpan().Replace(CodeSpan().Replace(line, " "), " ");
            foreach (Match link in InlineLinkOrImage().Matches(prose))
            {
                Links.Add(new Link(number, link.Groups["target"].Value.Trim('<', '>'), link.Value.StartsWith('!')));
            }

            foreach (Match link in HtmlTarget().Matches(prose))
            {
                Links.Add(new Link(number, link.Groups["target"].Value, link.Groups["attr"].Value == "src"));
            }

            if (ReferenceDefinition().Match(prose) is { Success: true } definition)
            {
                Links.Add(new Link(number, definition.Groups["target"].Value, false));
            }
        }

        if (open is not null)
        {
            throw new InvalidDataException($"{Path}:{open.Line}: the code block opened here is never closed.");
        }
    }

    [GeneratedRegex(@"^(?<fence>```+|~~~+)\s*(?<info>[^`]*)$")]
    private static partial Regex FenceOpening();

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"(`+)(?<code>.+?)\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"\$\$.+?\$\$|\$[^$\s][^$]*?\$")]
    private static partial Regex MathSpan();

    [GeneratedRegex(@"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\((?<target><[^>]+>|[^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex InlineLinkOrImage();

    [GeneratedRegex(@"\[((?:[^\[\]]|\[[^\]]*\])*)\]\([^)]*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"<(?:a|img)\s[^>]*?(?<attr>href|src)=""(?<target>[^""]+)""")]
    private static partial Regex HtmlTarget();

    [GeneratedRegex(@"^\s{0,3}\[[^\]]+\]:\s+(?<target>\S+)")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex UrlScheme();
}

/// <summary>A fenced code block.</summary>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Fence">The fence characters (e.g. "```").</param>
/// <param name="Info">The info string: the language, e.g. "csharp" or "sh".</param>
/// <param name="Marker">The snippet marker on the line just above, if there is one.</param>
public sealed record CodeBlock(int Line, string Fence, string Info, SnippetMarker? Marker)
{
    /// <summary>The lines between the fences.</summary>
    public List<string> Content { get; } = [];

    /// <summary>True for C# code.</summary>
    public bool IsCSharp => Info is "csharp" or "cs" or "c#";
}

/// <summary>An inline code span on a page, such as <c>`lessons list`</c>.</summary>
/// <param name="Line">The 1-based line it is on.</param>
/// <param name="Code">The code between the backticks, trimmed.</param>
public sealed record InlineCode(int Line, string Code);

/// <summary>A link or image target on a page.</summary>
/// <param name="Line">The 1-based line it is on.</param>
/// <param name="Target">The target as written (path, path#anchor, #anchor or URL).</param>
/// <param name="IsImage">True for an image.</param>
public sealed record Link(int Line, string Target, bool IsImage);

/// <summary>A line <c>&lt;!-- snippet: src/...cs#region --&gt;</c> naming the region of the block below.</summary>
/// <param name="Line">The 1-based line of the marker.</param>
/// <param name="SourcePath">The repository path of the source file.</param>
/// <param name="Region">The region's name.</param>
public sealed partial record SnippetMarker(int Line, string SourcePath, string Region)
{
    /// <summary>The marker on <paramref name="line"/>, or null when the line is not one.</summary>
    public static SnippetMarker? Parse(string line, int number) =>
        Pattern().Match(line) is { Success: true } m
            ? new SnippetMarker(number, m.Groups["path"].Value, m.Groups["region"].Value)
            : null;

    /// <summary>"path#region", as written in the marker.</summary>
    public override string ToString() => $"{SourcePath}#{Region}";

    [GeneratedRegex(@"^<!--\s*snippet:\s*(?<path>[^#\s]+)#(?<region>[\w-]+)\s*-->\s*$")]
    private static partial Regex Pattern();
}
