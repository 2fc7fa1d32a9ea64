using System.Text.Json;
using Vig.Domain.Questionnaires;

namespace Vig.Infrastructure.Questionnaires;

/// <summary>
/// Reads the questionnaire versions from their JSON file (shipped as Questionnaires/questionnaires.json
/// beside the service, or the file named by Questionnaires:File) once, at start-up. A file that is
/// missing, malformed or defines a version that could not be scored stops the start with a message
/// naming the file and the problem (docs/decisions/0016-questionnaire-versions-as-data.md).
/// </summary>
public static class QuestionnaireFile
{
    public const string Setting = "Questionnaires:File";

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Questionnaires", "questionnaires.json");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <exception cref="InvalidOperationException">The file cannot be read or a version in it cannot be used; the message says which and why.</exception>
    public static QuestionnaireCatalogue Load(string path)
    {
        try
        {
            var file = JsonSerializer.Deserialize<FileContent>(File.ReadAllText(path), Json)
                ?? throw new InvalidOperationException("The file is empty.");
            var versions = (file.Questionnaires ?? throw new InvalidOperationException("It has no 'questionnaires' list.")).Select((q, i) => Define(q, i)).ToList();
            return QuestionnaireCatalogue.Of(versions);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or ArgumentException or InvalidOperationException)
        {
            throw new InvalidOperationException($"The questionnaire file '{path}' cannot be used ({Setting}): {ex.Message}", ex);
        }
    }

    private static Questionnaire Define(Entry? entry, int index)
    {
        if (entry is null || entry.Id is null || entry.Name is null || entry.Version is null || entry.Ages is null || entry.Scale is null || entry.Subscales is null)
        {
            throw new ArgumentException($"questionnaires[{index}] needs id, name, version, ages, scale and subscales.");
        }

        return Questionnaire.Define(
            entry.Id,
            entry.Name,
            entry.Version.Value,
            new AgeRange(entry.Ages.FromYears, entry.Ages.ToYears),
            entry.Scale.Min,
            entry.Scale.Max,
            [.. entry.Subscales.Select(s => new Subscale(s.Code ?? string.Empty, s.Name ?? string.Empty, s.Items ?? [], s.Reading ?? string.Empty))],
            entry.ReverseScored ?? [],
            entry.Note);
    }

    private sealed record FileContent(
        [property: System.Text.Json.Serialization.JsonPropertyName("$comment")] string? Comment,
        IReadOnlyList<Entry?>? Questionnaires);

    private sealed record Entry(string? Id, string? Name, int? Version, Ages? Ages, Scale? Scale, IReadOnlyList<SubscaleEntry>? Subscales, IReadOnlyList<int>? ReverseScored, string? Note);

    private sealed record Ages(int FromYears, int ToYears);

    private sealed record Scale(int Min, int Max);

    private sealed record SubscaleEntry(string? Code, string? Name, IReadOnlyList<int>? Items, string? Reading);
}
