using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Foundation;

/// <summary>
/// The served OpenAPI document is committed at docs/openapi/v1.json, so every change to the
/// contract shows up as a diff in review; Spectral and the generated clients read that file.
/// </summary>
public sealed class OpenApiDriftTests(ApiFixture api) : ApiTestBase(api)
{
    public const string CommittedPath = "docs/openapi/v1.json";
    public const string UpdateVariable = "VIG_UPDATE_OPENAPI";
    public const string UpdateCommand = $"{UpdateVariable}=1 dotnet test tests/Vig.Api.Tests --filter OpenApiDriftTests";

    [Fact]
    public async Task OpenApiDocument_ServedByTheApi_IsTheCommittedOne()
    {
        var served = Canonical(await Client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)));
        var path = RepositoryFiles.PathOf(CommittedPath);

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            return;
        }

        var committed = File.Exists(path) ? (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") : "";
        Assert.True(committed == served,
            $"The API serves an OpenAPI document that differs from {CommittedPath}. If the change is intended, update the file with\n    {UpdateCommand}\n" +
            $"and commit it with the change that caused it.\n\n{DiffHint(committed, served)}");
    }

    [Fact]
    public async Task OpenApiDocument_DoesNotDependOnWhereTheApiRuns()
    {
        // Kestrel listens on a random port in the tests: a server URL taken from the request
        // would make the committed file differ on every run and point clients at it.
        var document = JsonNode.Parse(await Client.GetStringAsync(new Uri("/swagger/v1/swagger.json", UriKind.Relative)))!.AsObject();

        Assert.False(document.ContainsKey("servers"), $"The document names servers: {document["servers"]?.ToJsonString()}");
        Assert.DoesNotContain(Client.BaseAddress!.Authority, document.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Two-space indented JSON in the order served, with non-ASCII text kept readable, ending with a newline.</summary>
    public static string Canonical(string json)
    {
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, NewLine = "\n" };
        return JsonNode.Parse(json)!.ToJsonString(options) + "\n";
    }

    /// <summary>The changed stretch of lines, with a little context, the way a reviewer would read it.</summary>
    private static string DiffHint(string committed, string served)
    {
        if (committed.Length == 0)
        {
            return $"{CommittedPath} is missing or empty.";
        }

        var before = committed.Split('\n');
        var after = served.Split('\n');
        var top = 0;
        while (top < before.Length && top < after.Length && before[top] == after[top])
        {
            top++;
        }

        var bottom = 0;
        while (bottom < before.Length - top && bottom < after.Length - top && before[^(bottom + 1)] == after[^(bottom + 1)])
        {
            bottom++;
        }

        const int Context = 3;
        const int MaxLinesEachSide = 30;
        var removed = before[top..(before.Length - bottom)];
        var added = after[top..(after.Length - bottom)];
        var text = new StringBuilder($"First difference at line {top + 1} of {CommittedPath} (- committed, + served):\n");
        foreach (var line in before[Math.Max(0, top - Context)..top])
        {
            text.Append("  ").Append(line).Append('\n');
        }

        foreach (var (sign, lines) in new[] { ("- ", removed), ("+ ", added) })
        {
            foreach (var line in lines.Take(MaxLinesEachSide))
            {
                text.Append(sign).Append(line).Append('\n');
            }

            if (lines.Length > MaxLinesEachSide)
            {
                text.Append($"{sign}... {lines.Length - MaxLinesEachSide} more lines\n");
            }
        }

        foreach (var line in after[(after.Length - bottom)..Math.Min(after.Length, after.Length - bottom + Context)])
        {
            text.Append("  ").Append(line).Append('\n');
        }

        text.Append("After the update command, `git diff docs/openapi/v1.json` shows the whole change.\n");
        return text.ToString();
    }
}
