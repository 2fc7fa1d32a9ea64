using System.Text.RegularExpressions;

namespace Vig.ArchitectureTests;

/// <summary>
/// Every document the README, the docs and the code cite exists: a relative markdown link in
/// README.md or docs/, and a path under docs/ named in a markdown file, a source file or .ci/run.
/// </summary>
public sealed partial class DocLinkTests
{
    [Fact]
    public void RelativeMarkdownLinks_PointAtFilesThatExist()
    {
        var root = RepositoryRoot();
        var dead = MarkdownFiles(root)
            .SelectMany(file => MarkdownLink().Matches(File.ReadAllText(file))
                .Select(m => m.Groups["target"].Value)
                .Where(target => !SchemeOrAnchor().IsMatch(target))
                .Where(target => !Exists(Path.Combine(Path.GetDirectoryName(file)!, Uri.UnescapeDataString(target))))
                .Select(target => $"{Path.GetRelativePath(root, file)} -> {target}"))
            .ToList();

        Assert.True(dead.Count == 0, "Dead links: " + string.Join("; ", dead));
    }

    [Fact]
    public void DocsPathsNamedInTextAndCode_PointAtFilesThatExist()
    {
        var root = RepositoryRoot();
        var files = MarkdownFiles(root)
            .Concat(SourceFiles(root, "src"))
            .Concat(SourceFiles(root, "tests"))
            .Append(Path.Combine(root, ".ci", "run"))
            .Where(File.Exists);
        var dead = files
            .SelectMany(file => DocsPath().Matches(File.ReadAllText(file))
                .Select(m => m.Value)
                .Where(path => !Exists(Path.Combine(root, path)))
                .Select(path => $"{Path.GetRelativePath(root, file)} -> {path}"))
            .Distinct()
            .ToList();

        Assert.True(dead.Count == 0, "Cited documents that do not exist: " + string.Join("; ", dead));
    }

    private static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    private static IEnumerable<string> MarkdownFiles(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories)
            .Append(Path.Combine(root, "README.md"));

    private static IEnumerable<string> SourceFiles(string root, string folder) =>
        Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vig.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Vig.sln was not found above the test folder.");
    }

    [GeneratedRegex(@"\]\((?<target>[^)#\s]+)(#[^)]*)?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^([a-z][a-z0-9+.-]*:|#)", RegexOptions.IgnoreCase)]
    private static partial Regex SchemeOrAnchor();

    [GeneratedRegex(@"(?<![\w/.-])docs/[\w./-]+\.(md|json)\b")]
    private static partial Regex DocsPath();
}
