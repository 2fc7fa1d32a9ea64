using System.Text.Json.Nodes;
using Vig.Infrastructure.Questionnaires;

namespace Vig.Api.Tests.Questionnaires;

/// <summary>The shipped versions file, and files that must stop the start with a message saying why.</summary>
public sealed class QuestionnaireFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vig-questionnaires-").FullName;

    [Fact]
    public void TheShippedFile_HoldsThePrfqForUnder12s_AndThePrfqASlotFor12To18()
    {
        var catalogue = QuestionnaireFile.Load(QuestionnaireFile.DefaultPath);

        Assert.Equal([("prfq", 1, 0, 11), ("prfq-a", 1, 12, 18)], catalogue.Current.Select(q => (q.Id, q.Version, q.Ages.FromYears, q.Ages.ToYears)));
        foreach (var q in catalogue.Current)
        {
            Assert.Equal((1, 7), (q.ScaleMin, q.ScaleMax));
            Assert.Equal([11, 18], q.ReverseScored);
            Assert.Equal(["PM:1,4,7,10,13,16", "CMS:2,5,8,11,14,17", "IC:3,6,9,12,15,18"], q.Subscales.Select(s => $"{s.Code}:{string.Join(',', s.Items)}"));
        }
    }

    [Fact]
    public void ANewVersionInTheFile_BecomesCurrent_WithTheOldOneKept()
    {
        var file = Shipped();
        var v2 = file["questionnaires"]![0]!.DeepClone();
        v2["version"] = 2;
        file["questionnaires"]!.AsArray().Add(v2);

        var catalogue = QuestionnaireFile.Load(Write(file));

        Assert.Equal(2, catalogue.Find("prfq", null).Version);
        Assert.Equal(1, catalogue.Find("prfq", 1).Version);
    }

    [Theory]
    [InlineData("item in two subscales", "each item belongs to exactly one subscale")]
    [InlineData("overlapping ages", "overlap")]
    [InlineData("unknown member", "text")]
    [InlineData("no version", "needs id, name, version")]
    [InlineData("not json", "questionnaires.json")]
    public void AFileThatCannotBeUsed_StopsTheStart_NamingTheFileAndTheProblem(string fault, string said)
    {
        var file = Shipped();
        var prfq = file["questionnaires"]![0]!;
        switch (fault)
        {
            case "item in two subscales": prfq["subscales"]![0]!["items"]!.AsArray().Add(2); break;
            case "overlapping ages": prfq["ages"]!["toYears"] = 12; break;
            case "unknown member": prfq["subscales"]![0]!["text"] = "item wording"; break;
            case "no version": prfq.AsObject().Remove("version"); break;
        }

        var path = fault == "not json" ? Write("{ \"questionnaires\": [") : Write(file);
        var error = Assert.Throws<InvalidOperationException>(() => QuestionnaireFile.Load(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFile_StopsTheStart_NamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => QuestionnaireFile.Load(Path.Combine(_folder, "none.json")));

        Assert.Contains("Questionnaires:File", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static JsonObject Shipped() => JsonNode.Parse(File.ReadAllText(QuestionnaireFile.DefaultPath))!.AsObject();

    private string Write(JsonNode file) => Write(file.ToJsonString());

    private string Write(string text)
    {
        var path = Path.Combine(_folder, "questionnaires.json");
        File.WriteAllText(path, text);
        return path;
    }
}
