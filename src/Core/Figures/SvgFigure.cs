using System.Xml.Linq;
using Lessons.Data;

namespace Lessons.Figures;

/// <summary>A figure as an SVG document: text that any browser opens, with its titles kept as real text.</summary>
public sealed class SvgFigure
{
    internal SvgFigure(XDocument document)
    {
        Document = document;
    }

    /// <summary>The SVG document.</summary>
    public XDocument Document { get; }

    /// <summary>The SVG markup.</summary>
    public string Svg => Document.Declaration + Environment.NewLine + Document.ToString();

    /// <summary>Writes the SVG to <paramref name="path"/> (UTF-8) atomically: never a half-written file.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, Svg + Environment.NewLine);

    /// <summary>The SVG markup.</summary>
    public override string ToString() => Svg;
}
