using Lessons.Tests.Docs;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Lessons.Tests.Hygiene;

/// <summary>
/// No test can pass while asserting nothing: Roslyn parses every test source, and each method marked [Test],
/// [TestCase] or [TestCaseSource] must reach an assertion — FluentAssertions' Should(), an NUnit Assert, an
/// expected exception, GradCheck.Assert — in its own body or through the helpers it calls (followed by name,
/// transitively, across the test project). A test that only prints, or only runs code, fails this check.
/// </summary>
public sealed class EveryTestAssertsTests
{
    /// <summary>Calls that assert by themselves.</summary>
    private static readonly HashSet<string> AssertingCalls =
        ["Should", "Throw", "ThrowExactly", "ThrowAsync", "NotThrow", "Fail", "That"];

    /// <summary>NUnit calls that end a test without checking anything: they never count as assertions.</summary>
    private static readonly HashSet<string> NotAssertions = ["Assert.Ignore", "Assert.Inconclusive", "Assert.Pass"];

    /// <summary>Receivers whose every call asserts (Assert.AreEqual, GradCheck.Assert, Assume.That, …).</summary>
    private static readonly HashSet<string> AssertingTypes = ["Assert", "ClassicAssert", "Assume", "GradCheck"];

    private static readonly HashSet<string> TestAttributes = ["Test", "TestCase", "TestCaseSource", "Theory"];

    private static readonly CSharpParseOptions Parse = new(LanguageVersion.Preview);

    [Test]
    public void Every_test_method_reaches_an_assertion()
    {
        var files = Repository.Files("tests/Lessons.Tests", "*.cs")
            .Select(path =>
                (path, tree: CSharpSyntaxTree.ParseText(File.ReadAllText(Repository.FullPath(path)), Parse)))
            .ToList();
        var methods = files.Select(file => (file.path, root: file.tree.GetRoot()))
            .SelectMany(file => file.root.DescendantNodes().OfType<MethodDeclarationSyntax>()
                .Select(method => (file.path, method)))
            .ToList();
        var asserting = AssertingMethodNames(methods.Select(m => m.method).ToList());

        var tests = methods.Where(m => m.method.AttributeLists.SelectMany(l => l.Attributes)
            .Any(a => TestAttributes.Contains(a.Name.ToString()))).ToList();
        var silent = tests.Where(m => !Calls(m.method).Any(c => asserting.Contains(c) || IsAssertion(c)))
            .Select(m => $"{m.path}: {m.method.Identifier.Text}")
            .ToList();

        // A file the parser cannot read would hide its methods from the scan.
        files.SelectMany(f => f.tree.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{f.path}: {d}")).Should().BeEmpty();
        tests.Should().HaveCountGreaterThan(250, "the scan must find the suite's tests to mean anything");
        silent.Should().BeEmpty("a test that asserts nothing passes whatever the code does");
    }

    [Test]
    public void The_scan_tells_a_silent_test_from_one_that_asserts()
    {
        var root = CSharpSyntaxTree.ParseText("""
            class T
            {
                [Test] public void Silent() => System.Console.WriteLine("hello");
                [Test] public void OnlyIgnores() { Assert.Ignore("later"); }
                [Test] public void Direct() => 1.Should().Be(1);
                [Test] public void ThroughHelper() { Check(2); }
                [TestCase(1)] public void ThroughAssert(int x) { Assert.That(x, Is.EqualTo(1)); }
                private static void Check(int x) => Helper(x);
                private static void Helper(int x) => x.Should().Be(2);
            }
            """, Parse).GetRoot();
        var methods = root.DescendantNodes().OfType<MethodDeclarationSyntax>().ToList();
        var asserting = AssertingMethodNames(methods);

        var verdicts = methods.Take(5).Select(m => Calls(m).Any(c => asserting.Contains(c) || IsAssertion(c)));

        verdicts.Should().Equal(false, false, true, true, true);
    }

    /// <summary>Names of the methods that assert, directly or through other methods, found by fixpoint.</summary>
    private static HashSet<string> AssertingMethodNames(IReadOnlyList<MethodDeclarationSyntax> methods)
    {
        var asserting = new HashSet<string>();
        bool changed;
        do
        {
            changed = false;
            foreach (var method in methods)
            {
                var name = method.Identifier.Text;
                if (!asserting.Contains(name) && Calls(method).Any(c => asserting.Contains(c) || IsAssertion(c)))
                {
                    changed = asserting.Add(name);
                }
            }
        }
        while (changed);

        return asserting;
    }

    /// <summary>Every call in the method (lambdas included) as "Receiver.Name" or "Name".</summary>
    private static IEnumerable<string> Calls(MethodDeclarationSyntax method) =>
        method.DescendantNodes().OfType<InvocationExpressionSyntax>().SelectMany(call => call.Expression switch
        {
            MemberAccessExpressionSyntax access =>
                new[] { access.Name.Identifier.Text, $"{Receiver(access.Expression)}.{access.Name.Identifier.Text}" },
            IdentifierNameSyntax name => [name.Identifier.Text],
            GenericNameSyntax generic => [generic.Identifier.Text],
            _ => [],
        });

    private static string Receiver(ExpressionSyntax expression) => expression switch
    {
        IdentifierNameSyntax name => name.Identifier.Text,
        MemberAccessExpressionSyntax access => access.Name.Identifier.Text,
        _ => "",
    };

    private static bool IsAssertion(string call) =>
        !NotAssertions.Contains(call) &&
        (AssertingCalls.Contains(call) || (call.Split('.') is [var receiver, _] && AssertingTypes.Contains(receiver)));
}
