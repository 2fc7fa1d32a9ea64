using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Vig.Reliability.Tests.Fixtures;

/// <summary>
/// What the suite measured, kept across its tests and written to TestResults/reliability.txt
/// after every test that adds to it (so a failing run still leaves its numbers); .ci/run prints
/// the file. Figures are recorded before a test asserts, so failures are counted too.
/// </summary>
public sealed class Figures
{
    public const string FileName = "reliability.txt";

    private readonly ConcurrentDictionary<string, string> _lines = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _serverErrors = new(StringComparer.Ordinal);
    private readonly Lock _writing = new();

    /// <summary>Records one line of the report under <paramref name="key"/>; the report orders lines by key.</summary>
    public void Set(string key, string line) => _lines[key] = line;

    /// <summary>Unexpected 5xx answers (not the 503 an outage may give) seen by one part of the suite.</summary>
    public void AddServerErrors(string part, long count) => _serverErrors.AddOrUpdate(part, count, (_, c) => c + count);

    public long ServerErrors => _serverErrors.Values.Sum();

    public string Report()
    {
        var text = new StringBuilder("Reliability suite figures\n");
        foreach (var (_, line) in _lines.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            text.Append("  ").Append(line).Append('\n');
        }

        var parts = string.Join(", ", _serverErrors.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));
        text.Append(CultureInfo.InvariantCulture, $"  5xx seen (outage 503s not counted): {ServerErrors}{(parts.Length > 0 ? $" ({parts})" : string.Empty)}\n");
        return text.ToString();
    }

    /// <summary>Writes the report to TestResults/reliability.txt at the repository root; returns its path.</summary>
    public string Save()
    {
        var path = Path.Combine(RepositoryRoot(), "TestResults", FileName);
        lock (_writing)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, Report());
        }

        return path;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Vig.sln")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
