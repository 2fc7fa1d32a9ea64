using Vig.Domain.Common;
using Vig.Domain.Questionnaires;

namespace Vig.Domain.Tests;

/// <summary>
/// The limits of a questionnaire definition, each at its edge and one beyond, and the texts that name
/// a refused definition or form: a version file that is one character over is refused, and one that is
/// exactly at a limit loads.
/// </summary>
public sealed class QuestionnaireDefinitionTests
{
    private static readonly Subscale A = new("A", "Subscale A", [1, 2], "Reading A.");

    private static Questionnaire Define(
        string id = "q", string name = "Q", int version = 1, AgeRange? ages = null, int scaleMin = 1, int scaleMax = 7,
        IReadOnlyList<Subscale>? subscales = null, IReadOnlyList<int>? reverse = null, string? note = null) =>
        Questionnaire.Define(id, name, version, ages ?? new AgeRange(0, 11), scaleMin, scaleMax, subscales ?? [A], reverse ?? [], note);

    private static Subscale[] Subscales(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Subscale($"S{i}", $"Subscale {i}", [i], "Reading."))];

    public static TheoryData<string, Func<Questionnaire>> AtTheLimit => new()
    {
        { "id of 40", () => Define(id: new string('a', Questionnaire.IdMaxLength)) },
        { "id with digits and '-'", () => Define(id: "prfq-a2") },
        { "name of 100", () => Define(name: new string('n', Questionnaire.NameMaxLength)) },
        { "version 9999", () => Define(version: Questionnaire.MaxVersion) },
        { "ages 0 to 25", () => Define(ages: new AgeRange(0, Questionnaire.MaxAgeYears)) },
        { "one age", () => Define(ages: new AgeRange(4, 4)) },
        { "scale 0 to 10", () => Define(scaleMin: Questionnaire.LowestScaleValue, scaleMax: Questionnaire.HighestScaleValue) },
        { "scale of two points", () => Define(scaleMin: 3, scaleMax: 4) },
        { "note of 500", () => Define(note: new string('x', Questionnaire.NoteMaxLength)) },
        { "10 subscales", () => Define(subscales: Subscales(Questionnaire.MaxSubscales)) },
        { "code of 20", () => Define(subscales: [A with { Code = new string('C', Subscale.CodeMaxLength) }]) },
        { "subscale name of 100", () => Define(subscales: [A with { Name = new string('n', Questionnaire.NameMaxLength) }]) },
        { "reading of 500", () => Define(subscales: [A with { Reading = new string('r', Subscale.ReadingMaxLength) }]) },
        { "item 100", () => Define(subscales: [A with { Items = [1, Questionnaire.MaxItems] }]) },
        { "no reverse-scored items given", () => Questionnaire.Define("q", "Q", 1, new AgeRange(0, 11), 1, 7, [A], null) },
    };

    [Theory]
    [MemberData(nameof(AtTheLimit))]
    public void ADefinitionAtALimit_IsAccepted(string what, Func<Questionnaire> define)
    {
        ArgumentNullException.ThrowIfNull(define);
        Assert.NotNull(define());
        Assert.NotEmpty(what);
    }

    public static TheoryData<string, Func<Questionnaire>> BeyondTheLimit => new()
    {
        { "A questionnaire id has 1 to 40 characters", () => Define(id: new string('a', Questionnaire.IdMaxLength + 1)) },
        { "A questionnaire id has 1 to 40 characters", () => Define(id: "prfq a") },
        { "A questionnaire id has 1 to 40 characters", () => Define(id: "prfq_a") },
        { "A questionnaire id has 1 to 40 characters", () => Define(id: string.Empty) },
        { "Questionnaire 'q' version 1: give a name of at most 100 characters.", () => Define(name: new string('n', Questionnaire.NameMaxLength + 1)) },
        { "Questionnaire 'q' version 10000: the version is a whole number from 1 to 9999.", () => Define(version: Questionnaire.MaxVersion + 1) },
        { "Questionnaire 'q' version 1: the age range runs from 0 to 25 years, lowest first.", () => Define(ages: new AgeRange(0, Questionnaire.MaxAgeYears + 1)) },
        { "Questionnaire 'q' version 1: the age range runs from 0 to 25 years, lowest first.", () => Define(ages: new AgeRange(-1, 4)) },
        { "Questionnaire 'q' version 1: the scale runs from 0 to 10, lowest first.", () => Define(scaleMin: -1, scaleMax: 7) },
        { "Questionnaire 'q' version 1: the scale runs from 0 to 10, lowest first.", () => Define(scaleMin: 4, scaleMax: 4) },
        { "Questionnaire 'q' version 1: the scale runs from 0 to 10, lowest first.", () => Define(scaleMin: 1, scaleMax: Questionnaire.HighestScaleValue + 1) },
        { "Questionnaire 'q' version 1: the note has at most 500 characters.", () => Define(note: new string('x', Questionnaire.NoteMaxLength + 1)) },
        { "Questionnaire 'q' version 1: give 1 to 10 subscales.", () => Define(subscales: Subscales(Questionnaire.MaxSubscales + 1)) },
        { "Questionnaire 'q' version 1: a subscale code has 1 to 20 characters.", () => Define(subscales: [A with { Code = new string('C', Subscale.CodeMaxLength + 1) }]) },
        { "Questionnaire 'q' version 1: a subscale code has 1 to 20 characters.", () => Define(subscales: [A with { Code = " " }]) },
        { "Questionnaire 'q' version 1: subscale A needs a name of at most 100 characters.", () => Define(subscales: [A with { Name = new string('n', Questionnaire.NameMaxLength + 1) }]) },
        { "Questionnaire 'q' version 1: subscale A needs a name of at most 100 characters.", () => Define(subscales: [A with { Name = "" }]) },
        { "Questionnaire 'q' version 1: subscale A needs a reading of at most 500 characters.", () => Define(subscales: [A with { Reading = new string('r', Subscale.ReadingMaxLength + 1) }]) },
        { "Questionnaire 'q' version 1: item numbers run from 1 to 100.", () => Define(subscales: [A with { Items = [1, Questionnaire.MaxItems + 1] }]) },
    };

    [Theory]
    [MemberData(nameof(BeyondTheLimit))]
    public void ADefinitionBeyondALimit_IsRefused_WithItsMessage(string message, Func<Questionnaire> define)
    {
        ArgumentNullException.ThrowIfNull(define);
        Assert.StartsWith(message, Assert.Throws<ArgumentException>(define).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReverseScoredItems_AreKeptOnceEach_InAscendingOrder() =>
        Assert.Equal([1, 2], Define(reverse: [2, 1, 2]).ReverseScored);

    [Fact]
    public void ACatalogue_OfMoreThanAHundredVersions_IsRefused()
    {
        var versions = Enumerable.Range(1, QuestionnaireCatalogue.MaxVersions + 1).Select(v => Define(version: v)).ToList();

        Assert.Equal("Give 1 to 100 questionnaire versions (got 101).", Assert.Throws<ArgumentException>(() => QuestionnaireCatalogue.Of(versions)).Message);
        Assert.Equal(100, QuestionnaireCatalogue.Of(versions.Take(100)).All.Count);
    }

    [Fact]
    public void AMissingItem_IsNamed_WithTheItemsAsARun_OrAsAList()
    {
        var run = Define(subscales: [A with { Items = [1, 2, 3] }]);
        var gaps = Define(subscales: [A with { Items = [1, 3, 4] }]);

        var runError = Assert.Throws<DomainException>(() => run.Score([new(1, 1), new(2, 1)])).Error;
        var gapsError = Assert.Throws<DomainException>(() => gaps.Score([new(1, 1), new(3, 1)])).Error;

        Assert.Equal(["Item 3 is not answered. Answer every item (1 to 3); a form with an item missing is not scored."], runError.Fields!["answers"]);
        Assert.Equal(["Item 4 is not answered. Answer every item (1, 3, 4); a form with an item missing is not scored."], gapsError.Fields!["answers"]);
    }

    [Fact]
    public void AnItemNotInTheVersion_AndAnItemTwice_AreEachNamedOnce()
    {
        var q = Define();

        var error = Assert.Throws<DomainException>(() => q.Score([new(1, 1), new(2, 1), new(9, 1), new(2, 8)])).Error;

        Assert.Equal(["Item 9 is not in Q version 1; its items are 1 to 2. Remove it."], error.Fields!["answers[2].item"]);
        Assert.Equal(["Item 2 is answered more than once (first at answers[1]). Send each item once."], error.Fields!["answers[3].item"]);
        Assert.False(error.Fields.ContainsKey("answers[3].answer"));
        Assert.Equal("The answers are not one complete form of this questionnaire version, so nothing was scored; see errors.", error.Message);
    }

    [Fact]
    public void TheRefusals_SayWhatToDo()
    {
        Assert.Equal("There is no questionnaire 'x' (or not in that version). See GET /api/v1/questionnaires.", QuestionnaireErrors.NotFound("x").Message);
        Assert.Equal("No questionnaire version is for a child aged 19. See GET /api/v1/questionnaires for the age ranges.", QuestionnaireErrors.NoneForAge(19).Message);
        Assert.Contains("Use the id of one of its parentCarers", QuestionnaireErrors.UnknownParentCarer.Message, StringComparison.Ordinal);
        Assert.Contains("Add the parent/carers to the referral first", QuestionnaireErrors.NoParentCarer.Message, StringComparison.Ordinal);
        Assert.Equal("A questionnaire cannot be completed on a date after today.", QuestionnaireErrors.CompletedInFuture.Message);
        Assert.Equal("A questionnaire cannot be completed before the child's date of birth. Check the date it was completed, and the child's date of birth.", QuestionnaireErrors.CompletedBeforeBirth.Message);
        Assert.Equal("This referral already keeps 40 questionnaires: the most it can hold, so no more can be recorded on it.", QuestionnaireErrors.LimitReached.Message);
    }
}
