using System.Xml.Linq;
using Lessons.Figures;

namespace Lessons.Tests.Figures;

/// <summary>The prediction grid says how to read its titles, colours the mistakes, and centres both lines.</summary>
public sealed class PredictionGridTests
{
    [Test]
    public void Titles_are_centred_coloured_for_mistakes_and_explained_by_a_caption()
    {
        var images = Enumerable.Range(0, 2).Select(_ => new RasterImage(2, 2, 1, new byte[4])).ToList();

        var svg = ImageDisplay.ShowImages(images, 1, 2, ["shirt\nshirt", "bag\nsandal"], titleColors: [null, "red"],
            caption: "each title: true label / predicted label (red: a wrong prediction)");

        var texts = svg.Document.Descendants().Where(e => e.Name.LocalName == "text").ToList();
        texts[0].Attribute("fill").Should().BeNull();
        ((string?)texts[1].Attribute("fill")).Should().Be("red");
        texts.Last().Value.Should().Be("each title: true label / predicted label (red: a wrong prediction)");
        // No whitespace between the lines: a space in a centred text would push a line half a space off-centre.
        texts.Take(2).Select(t => t.Value).Should().Equal("shirtshirt", "bagsandal");
        svg.Svg.Should().Contain("<tspan x=\"174\" dy=\"0\">bag</tspan><tspan x=\"174\" dy=\"14\">sandal</tspan>");
    }
}
