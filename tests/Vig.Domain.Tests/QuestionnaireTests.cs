using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Questionnaires;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

/// <summary>Scoring the PRFQ against vectors worked out by hand, and every way a form is refused.</summary>
public sealed class QuestionnaireTests
{
    /// <summary>The 18-item PRFQ as the service ships it (Questionnaires/questionnaires.json).</summary>
    public static readonly Questionnaire Prfq = Questionnaire.Define(
        "prfq", "PRFQ", 1, new AgeRange(0, 11), 1, 7,
        [
            new Subscale("PM", "Pre-mentalizing modes", [1, 4, 7, 10, 13, 16], "Lower is better."),
            new Subscale("CMS", "Certainty about mental states", [2, 5, 8, 11, 14, 17], "Mid-range is optimal."),
            new Subscale("IC", "Interest and curiosity", [3, 6, 9, 12, 15, 18], "Moderate to high is optimal."),
        ],
        [11, 18]);

    public static readonly Questionnaire PrfqA = Questionnaire.Define("prfq-a", "PRFQ-A", 1, new AgeRange(12, 18), 1, 7, Prfq.Subscales, [11, 18]);

    private static List<ItemAnswer> Form(Func<int, int> answer) => [.. Enumerable.Range(1, 18).Select(i => new ItemAnswer(i, answer(i)))];

    private static (decimal PM, decimal CMS, decimal IC) Scores(IReadOnlyList<ItemAnswer> answers)
    {
        var scores = Prfq.Score(answers);
        Assert.Equal(["PM", "CMS", "IC"], scores.Select(s => s.Code));
        return (scores[0].Score, scores[1].Score, scores[2].Score);
    }

    [Fact]
    public void AllOnes_ScorePm1_AndCmsAndIc2_BecauseItems11And18CountAs7()
    {
        // PM: 6 x 1 / 6 = 1. CMS: (5 x 1 + (8 - 1)) / 6 = 12 / 6 = 2. IC: the same with item 18.
        Assert.Equal((1m, 2m, 2m), Scores(Form(_ => 1)));
    }

    [Fact]
    public void AllSevens_ScorePm7_AndCmsAndIc6_BecauseItems11And18CountAs1()
    {
        // PM: 7. CMS: (5 x 7 + (8 - 7)) / 6 = 36 / 6 = 6. IC: the same.
        Assert.Equal((7m, 6m, 6m), Scores(Form(_ => 7)));
    }

    [Fact]
    public void ReversedItemsAlone_MoveOnlyTheirOwnSubscales_AsEightMinusTheAnswer()
    {
        // All 4 but item 11 = 1 (counts 7) and item 18 = 7 (counts 1).
        // PM: 4. CMS: (5 x 4 + 7) / 6 = 27 / 6 = 4.5. IC: (5 x 4 + 1) / 6 = 21 / 6 = 3.5.
        Assert.Equal((4m, 4.5m, 3.5m), Scores(Form(i => i switch { 11 => 1, 18 => 7, _ => 4 })));
    }

    [Fact]
    public void AMixedForm_ScoresAsWorkedOutByHand_ToTwoDecimals_InAnyOrder()
    {
        int[] answers = [2, 3, 5, 1, 4, 6, 2, 4, 5, 3, 2, 7, 1, 5, 6, 2, 3, 6];

        // PM  (1, 4, 7, 10, 13, 16): 2 + 1 + 2 + 3 + 1 + 2           = 11 -> 11 / 6 = 1.833 -> 1.83
        // CMS (2, 5, 8, 11, 14, 17): 3 + 4 + 4 + (8 - 2) + 5 + 3     = 25 -> 25 / 6 = 4.167 -> 4.17
        // IC  (3, 6, 9, 12, 15, 18): 5 + 6 + 5 + 7 + 6 + (8 - 6)     = 31 -> 31 / 6 = 5.167 -> 5.17
        var form = Form(i => answers[i - 1]);
        Assert.Equal((1.83m, 4.17m, 5.17m), Scores(form));
        Assert.Equal((1.83m, 4.17m, 5.17m), Scores([.. Enumerable.Reverse(form)]));
    }

    [Fact]
    public void Scores_CarryEachSubscalesNameAndReading()
    {
        var pm = Prfq.Score(Form(_ => 3))[0];

        Assert.Equal(("PM", "Pre-mentalizing modes", "Lower is better."), (pm.Code, pm.Name, pm.Reading));
    }

    [Fact]
    public void AMissingItem_IsRefused_NamingIt_AndNothingIsScored()
    {
        var errors = Refused(Form(i => 4).Where(a => a.Item != 11).ToList());

        Assert.Equal(["answers"], errors.Keys);
        Assert.Contains("Item 11 is not answered", Assert.Single(errors["answers"]), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryMissingItem_IsNamed()
    {
        var errors = Refused([new ItemAnswer(1, 4)]);

        Assert.Equal(17, errors["answers"].Count);
        Assert.Contains(errors["answers"], m => m.StartsWith("Item 18 ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(19)]
    [InlineData(0)]
    [InlineData(-1)]
    public void AnExtraItem_IsRefused_NamingItsPlace(int item)
    {
        var errors = Refused([.. Form(_ => 4), new ItemAnswer(item, 4)]);

        Assert.Equal(["answers[18].item"], errors.Keys);
        Assert.Contains($"Item {item} is not in PRFQ version 1", errors["answers[18].item"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void ADuplicatedItem_IsRefused_NamingTheSecond_AndTheFirst()
    {
        var errors = Refused([.. Form(_ => 4), new ItemAnswer(5, 4)]);

        Assert.Equal(["answers[18].item"], errors.Keys);
        Assert.Contains("Item 5 is answered more than once (first at answers[4])", errors["answers[18].item"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(-7)]
    [InlineData(int.MaxValue)]
    public void AnAnswerOffTheScale_IsRefused_NamingTheItem(int answer)
    {
        var errors = Refused(Form(i => i == 7 ? answer : 4));

        Assert.Equal(["answers[6].answer"], errors.Keys);
        Assert.Equal("The answer to item 7 must be a whole number from 1 to 7.", errors["answers[6].answer"][0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void TheEndsOfTheScale_AreAnswers(int answer) => Assert.Equal(3, Prfq.Score(Form(i => i == 7 ? answer : 4)).Count);

    [Fact]
    public void SeveralProblems_AreAllNamed_AtOnce()
    {
        var form = Form(_ => 4);
        form[2] = new ItemAnswer(3, 9);
        form[5] = new ItemAnswer(2, 4);
        form.Add(new ItemAnswer(30, 1));

        var errors = Refused(form);

        Assert.Equal(["answers", "answers[18].item", "answers[2].answer", "answers[5].item"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("Item 6 is not answered", Assert.Single(errors["answers"]), StringComparison.Ordinal);
    }

    [Fact]
    public void NoAnswers_IsRefused_NamingEveryItem() => Assert.Equal(18, Refused([])["answers"].Count);

    private static IReadOnlyDictionary<string, IReadOnlyList<string>> Refused(IReadOnlyList<ItemAnswer> answers)
    {
        var error = Assert.Throws<DomainException>(() => Prfq.Score(answers)).Error;
        Assert.Equal(("questionnaire.answers-invalid", ErrorKind.Invalid), (error.Code, error.Kind));
        return error.Fields!;
    }

    // Version choice: age in whole years on the day, both ends of a range included.
    [Theory]
    [InlineData("2026-11-24", "prfq")] // born today: 0
    [InlineData("2014-11-25", "prfq")] // 11, a day before the 12th birthday
    [InlineData("2014-11-24", "prfq-a")] // the 12th birthday
    [InlineData("2007-11-25", "prfq-a")] // 18, a day before the 19th birthday
    public void TheVersion_FollowsTheChildsAgeToday(string born, string expected) =>
        Assert.Equal(expected, Catalogue().ForChild(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture), Today).Id);

    [Fact]
    public void OnTheNineteenthBirthday_NoVersionFits()
    {
        var error = Assert.Throws<DomainException>(() => Catalogue().ForChild(new DateOnly(2007, 11, 24), Today)).Error;

        Assert.Equal(("questionnaire.none-for-age", ErrorKind.NotFound), (error.Code, error.Kind));
        Assert.Contains("aged 19", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BornOn29February_TurnsNineteenOn28FebruaryInACommonYear()
    {
        var born = new DateOnly(2004, 2, 29);

        Assert.Equal("prfq-a", Catalogue().ForChild(born, new DateOnly(2023, 2, 27)).Id);
        Assert.Equal("questionnaire.none-for-age", Assert.Throws<DomainException>(() => Catalogue().ForChild(born, new DateOnly(2023, 2, 28))).Error.Code);
    }

    [Fact]
    public void TheCurrentVersion_IsTheHighest_AndOlderOnesCanStillBeFound()
    {
        var v2 = Questionnaire.Define("prfq", "PRFQ", 2, new AgeRange(0, 11), 1, 7, Prfq.Subscales, [11]);
        var catalogue = QuestionnaireCatalogue.Of([v2, Prfq, PrfqA]);

        Assert.Same(v2, catalogue.Find("prfq", null));
        Assert.Same(Prfq, catalogue.Find("prfq", 1));
        Assert.Same(v2, catalogue.ForChild(new DateOnly(2020, 1, 1), Today));
        Assert.Equal([("prfq", 1), ("prfq", 2), ("prfq-a", 1)], catalogue.All.Select(q => (q.Id, q.Version)));
        Assert.Equal([v2, PrfqA], catalogue.Current);
        Assert.Equal("questionnaire.not-found", Assert.Throws<DomainException>(() => catalogue.Find("prfq", 3)).Error.Code);
        Assert.Equal("questionnaire.not-found", Assert.Throws<DomainException>(() => catalogue.Find("rfqy", null)).Error.Code);
    }

    [Fact]
    public void CurrentVersions_WithOverlappingAges_AreRefused()
    {
        var overlapping = Questionnaire.Define("prfq-a", "PRFQ-A", 2, new AgeRange(11, 18), 1, 7, Prfq.Subscales, []);

        var error = Assert.Throws<ArgumentException>(() => QuestionnaireCatalogue.Of([Prfq, PrfqA, overlapping]));

        Assert.Contains("overlap", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSameVersionTwice_IsRefused() =>
        Assert.Contains("defined twice", Assert.Throws<ArgumentException>(() => QuestionnaireCatalogue.Of([Prfq, Prfq])).Message, StringComparison.Ordinal);

    public static TheoryData<string, Func<Questionnaire>> UnscorableDefinitions => new()
    {
        { "id", () => Questionnaire.Define("PRFQ", "PRFQ", 1, new AgeRange(0, 11), 1, 7, Prfq.Subscales, []) },
        { "name", () => Questionnaire.Define("prfq", " ", 1, new AgeRange(0, 11), 1, 7, Prfq.Subscales, []) },
        { "version", () => Questionnaire.Define("prfq", "PRFQ", 0, new AgeRange(0, 11), 1, 7, Prfq.Subscales, []) },
        { "age range", () => Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(12, 11), 1, 7, Prfq.Subscales, []) },
        { "scale", () => Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(0, 11), 7, 1, Prfq.Subscales, []) },
        { "scale", () => Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(0, 11), 1, 11, Prfq.Subscales, []) },
        { "subscales", () => Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(0, 11), 1, 7, [], []) },
        { "exactly one subscale", () => Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(0, 11), 1, 7, [Prfq.Subscales[0], Prfq.Subscales[0] with { Code = "PM2" }], []) },
        { "codes must differ", () => Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(0, 11), 1, 7, [Prfq.Subscales[0], Prfq.Subscales[1] with { Code = "PM" }], []) },
        { "reverse-scored", () => Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(0, 11), 1, 7, Prfq.Subscales, [19]) },
        { "item numbers", () => Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(0, 11), 1, 7, [Prfq.Subscales[0] with { Items = [0, 1] }], []) },
        { "no items", () => Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(0, 11), 1, 7, [Prfq.Subscales[0] with { Items = [] }], []) },
        { "reading", () => Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(0, 11), 1, 7, [Prfq.Subscales[0] with { Reading = "" }], []) },
    };

    [Theory]
    [MemberData(nameof(UnscorableDefinitions))]
    public void ADefinitionThatCannotBeScored_IsRefused_SayingWhy(string why, Func<Questionnaire> define)
    {
        ArgumentNullException.ThrowIfNull(define);
        Assert.Contains(why, Assert.Throws<ArgumentException>(define).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADefinition_SortsItsItems_AndNeverHoldsItemText()
    {
        var q = Questionnaire.Define("x", "X", 1, new AgeRange(0, 5), 1, 5, [new Subscale("A", "A", [3, 1], "r"), new Subscale("B", "B", [2], "r")], [3, 3]);

        Assert.Equal([1, 2, 3], q.Items);
        Assert.Equal([1, 3], q.Subscales[0].Items);
        Assert.Equal([3], q.ReverseScored);
        // Subscale A: item 1 = 2, item 3 reversed on a 1-5 scale = (1 + 5) - 1 = 5; (2 + 5) / 2 = 3.5.
        Assert.Equal(3.5m, q.Score([new(1, 2), new(2, 4), new(3, 1)])[0].Score);
    }

    // Kept with a referral.
    [Fact]
    public void RecordingAQuestionnaire_KeepsVersionWhoWhenAnswersAndScores_AndRaisesTheVersion()
    {
        var referral = Draft();
        var version = referral.Version;

        var result = referral.RecordQuestionnaire(Prfq, MotherId, Today.AddDays(-2), Enumerable.Reverse(Form(_ => 1)).ToList(), StampOn(Today, "case-system"));

        Assert.Same(result, Assert.Single(referral.Questionnaires));
        Assert.Equal(("prfq", 1, MotherId, Today.AddDays(-2)), (result.QuestionnaireId, result.QuestionnaireVersion, result.ParentCarerId, result.CompletedOn));
        Assert.Equal(Enumerable.Range(1, 18), result.Answers.Select(a => a.Item));
        Assert.Equal([1m, 2m, 2m], result.Scores.Select(s => s.Score));
        Assert.Equal("case-system", result.RecordedBy);
        Assert.Equal(version + 1, referral.Version);
    }

    [Fact]
    public void ARefusedForm_LeavesTheReferralAsItWas()
    {
        var referral = Draft();
        var version = referral.Version;

        Assert.Throws<DomainException>(() => referral.RecordQuestionnaire(Prfq, MotherId, Today, Form(_ => 8), Now));

        Assert.Empty(referral.Questionnaires);
        Assert.Equal(version, referral.Version);
    }

    [Fact]
    public void AQuestionnaire_BySomeoneNotOnTheReferral_OrDatedTomorrow_IsRefused()
    {
        Assert.Equal("questionnaire.unknown-parent-carer", Assert.Throws<DomainException>(() => Draft().RecordQuestionnaire(Prfq, Guid.NewGuid(), Today, Form(_ => 4), Now)).Error.Code);
        Assert.Equal("questionnaire.date-in-future", Assert.Throws<DomainException>(() => Draft().RecordQuestionnaire(Prfq, MotherId, Today.AddDays(1), Form(_ => 4), Now)).Error.Code);
    }

    [Fact]
    public void AQuestionnaire_CompletedBeforeTheChildWasBorn_IsRefused_NamingTheDate_AndKeepsNothing()
    {
        var referral = Draft(Details(child: Child(new DateOnly(2020, 6, 15))));
        var version = referral.Version;

        var error = Assert.Throws<DomainException>(() => referral.RecordQuestionnaire(Prfq, MotherId, new DateOnly(2020, 6, 14), Form(_ => 4), Now)).Error;

        Assert.Equal(("questionnaire.before-birth", ErrorKind.Invalid), (error.Code, error.Kind));
        Assert.Equal(["completedOn"], error.Fields!.Keys);
        Assert.Empty(referral.Questionnaires);
        Assert.Equal(version, referral.Version);
    }

    [Fact]
    public void AQuestionnaire_CompletedOnTheDayOfBirth_OrWithNoChildYet_IsKept()
    {
        var referral = Draft(Details(child: Child(new DateOnly(2020, 6, 15))));
        var noChild = Draft(Details() with { Child = null });

        referral.RecordQuestionnaire(Prfq, MotherId, new DateOnly(2020, 6, 15), Form(_ => 4), Now);
        noChild.RecordQuestionnaire(Prfq, MotherId, new DateOnly(1950, 1, 1), Form(_ => 4), Now);

        Assert.Single(referral.Questionnaires);
        Assert.Single(noChild.Questionnaires);
    }

    [Fact]
    public void AReferral_KeepsAtMostTheMostQuestionnaires_ThenBlocksAndRefusesTheNext()
    {
        var referral = Draft();
        for (var i = 0; i < Referral.MaxQuestionnaires; i++)
        {
            referral.RecordQuestionnaire(Prfq, MotherId, Today, Form(_ => 4), Now);
        }

        var version = referral.Version;
        var error = Assert.Throws<DomainException>(() => referral.RecordQuestionnaire(Prfq, MotherId, Today, Form(_ => 4), Now)).Error;

        Assert.Equal(("questionnaire.limit-reached", ErrorKind.Invalid), (error.Code, error.Kind));
        Assert.Contains($"{Referral.MaxQuestionnaires} questionnaires", error.Message, StringComparison.Ordinal);
        Assert.Equal(Referral.MaxQuestionnaires, referral.Questionnaires.Count);
        Assert.Equal(version, referral.Version);
        var options = referral.Options(Policy, Today);
        Assert.DoesNotContain(ReferralAction.RecordQuestionnaire, options.Available);
        Assert.Equal("questionnaire.limit-reached", Assert.Single(options.Blocked, b => b.Action == ReferralAction.RecordQuestionnaire).Error.Code);
    }

    [Fact]
    public void TheQuestionnaireCap_LeavesRoomForAFormBeforeAndAfterVig_ForEveryParentCarer()
    {
        // Before and after VIG for each parent or carer a referral can name, with room to spare.
        Assert.True(Referral.MaxQuestionnaires >= 2 * ReferralDetails.MaxParentCarers);
        Assert.Equal(40, Referral.MaxQuestionnaires);
    }

    [Fact]
    public void AFinishedReferral_TakesNoQuestionnaire()
    {
        var referral = Draft();
        referral.Withdraw("Family moved away.", Now);

        Assert.Equal("referral.action-not-allowed", Assert.Throws<DomainException>(() => referral.RecordQuestionnaire(Prfq, MotherId, Today, Form(_ => 4), Now)).Error.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void Scores_NeverChangeTheAcceptanceEvaluation(int answer)
    {
        var referral = Draft();
        var before = referral.Evaluate(Policy, Today);
        var options = referral.Options(Policy, Today).Available;

        referral.RecordQuestionnaire(Prfq, MotherId, Today, Form(_ => answer), Now);

        Assert.Equal(before.Verdict, referral.Evaluate(Policy, Today).Verdict);
        Assert.Equal(before.Results, referral.Evaluate(Policy, Today).Results);
        Assert.Equal(options, referral.Options(Policy, Today).Available);
    }

    private static QuestionnaireCatalogue Catalogue() => QuestionnaireCatalogue.Of([PrfqA, Prfq]);
}
