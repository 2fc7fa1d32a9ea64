using FluentValidation.TestHelper;
using Vig.Application.Common;
using Vig.Application.Questionnaires;
using Vig.Application.Referrals;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Questionnaires;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Questionnaires;

/// <summary>
/// The questionnaire use cases: each body spoiled in one field is refused naming the field and what
/// to send; a valid one is scored, or kept with the referral and audited.
/// </summary>
public sealed class QuestionnaireUseCaseTests
{
    private static readonly Subscale[] Subscales =
    [
        new("PM", "Pre-mentalizing modes", [1, 4, 7, 10, 13, 16], "Lower is better."),
        new("CMS", "Certainty about mental states", [2, 5, 8, 11, 14, 17], "Mid-range is optimal."),
        new("IC", "Interest and curiosity", [3, 6, 9, 12, 15, 18], "Moderate to high is optimal."),
    ];

    private static readonly QuestionnaireCatalogue Catalogue = QuestionnaireCatalogue.Of(
    [
        Questionnaire.Define("prfq", "PRFQ", 1, new AgeRange(0, 11), 1, 7, Subscales, [11, 18]),
        Questionnaire.Define("prfq", "PRFQ", 2, new AgeRange(0, 11), 1, 7, Subscales, [11]),
        Questionnaire.Define("prfq-a", "PRFQ-A", 1, new AgeRange(12, 18), 1, 7, Subscales, [11, 18]),
    ]);

    private static readonly ScoreQuestionnaireValidator ScoreRules = new();
    private static readonly RecordQuestionnaireValidator RecordRules = new(TestCalendar.Calendar);
    private static readonly FindQuestionnaireForChildValidator ForChildRules = new(TestCalendar.Calendar);

    private static List<AnswerBody?> Form(int answer = 4) => [.. Enumerable.Range(1, 18).Select(i => (AnswerBody?)new AnswerBody(i, answer))];

    private static QuestionnaireBody Body(Guid parentCarerId, List<AnswerBody?>? answers = null, int? version = null) =>
        new("prfq", version, parentCarerId, TestCalendar.Today, answers ?? Form());

    public static TheoryData<string, string, string> SpoiledScores => new()
    {
        { "no answers", "Body.Answers", "Give the answers: one { item, answer } per item of the questionnaire." },
        { "a null answer", "Body.Answers[2]", "Give an { item, answer } object here, or remove the null." },
        { "an answer without its item", "Body.Answers[2].Item", "Give the item's number." },
        { "an item without its answer", "Body.Answers[2].Answer", "Give the answer to this item, a whole number on the questionnaire's scale." },
        { "too many answers", "Body.Answers", $"Give at most {Questionnaire.MaxItems} answers, one per item." },
        { "version 0", "Body.Version", $"Give the version as a whole number from 1 to {Questionnaire.MaxVersion}, or leave it out for the current one." },
    };

    [Theory]
    [MemberData(nameof(SpoiledScores))]
    public void AScoringBody_SpoiledInOneField_IsRefusedNamingIt(string spoiled, string path, string message)
    {
        var answers = Form();
        int? version = null;
        switch (spoiled)
        {
            case "no answers": answers = null!; break;
            case "a null answer": answers[2] = null; break;
            case "an answer without its item": answers[2] = new AnswerBody(null, 4); break;
            case "an item without its answer": answers[2] = new AnswerBody(3, null); break;
            case "too many answers": answers = [.. Enumerable.Range(1, Questionnaire.MaxItems + 1).Select(i => (AnswerBody?)new AnswerBody(i, 4))]; break;
            default: version = 0; break;
        }

        var result = ScoreRules.TestValidate(new ScoreQuestionnaire("prfq", new AnswersBody(version, answers)));

        result.ShouldHaveValidationErrorFor(path).WithErrorMessage(message);
        Assert.Single(result.Errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(1)]
    [InlineData(Questionnaire.MaxVersion)]
    public void AScoringBody_WithAnyVersionOrNone_AndUpToTheMostItems_IsValid(int? version)
    {
        ScoreRules.TestValidate(new ScoreQuestionnaire("prfq", new AnswersBody(version, Form()))).ShouldNotHaveAnyValidationErrors();
        ScoreRules.TestValidate(new ScoreQuestionnaire("prfq", new AnswersBody(version, [.. Enumerable.Range(1, Questionnaire.MaxItems).Select(i => (AnswerBody?)new AnswerBody(i, 4))]))).ShouldNotHaveAnyValidationErrors();
    }

    [Fact]
    public void ANullScoringBody_IsRefused() =>
        ScoreRules.TestValidate(new ScoreQuestionnaire("prfq", null!)).ShouldHaveValidationErrorFor("Body");

    public static TheoryData<string, string, string> SpoiledRecords => new()
    {
        { "no questionnaire", "Body.QuestionnaireId", "Give the questionnaire's id (GET /api/v1/questionnaires), e.g. prfq." },
        { "a blank questionnaire", "Body.QuestionnaireId", "Give the questionnaire's id (GET /api/v1/questionnaires), e.g. prfq." },
        { "a questionnaire id over its limit", "Body.QuestionnaireId", $"The length of 'Questionnaire Id' must be {Questionnaire.IdMaxLength} characters or fewer. You entered {Questionnaire.IdMaxLength + 1} characters." },
        { "a questionnaire id with a line break", "Body.QuestionnaireId", "Remove the control characters (such as NUL, tab or line breaks): this is one line of text." },
        { "no parent/carer", "Body.ParentCarerId", "Give the id of the parent or carer of this referral who completed the questionnaire." },
        { "no date", "Body.CompletedOn", "Give the date the questionnaire was completed (yyyy-mm-dd)." },
        { "tomorrow", "Body.CompletedOn", "The date the questionnaire was completed is after today (2027-01-14); give a date that has passed." },
        { "a null answer", "Body.Answers[0]", "Give an { item, answer } object here, or remove the null." },
        { "version 0", "Body.Version", $"Give the version as a whole number from 1 to {Questionnaire.MaxVersion}, or leave it out for the current one." },
    };

    [Theory]
    [MemberData(nameof(SpoiledRecords))]
    public void ARecordBody_SpoiledInOneField_IsRefusedNamingIt(string spoiled, string path, string message)
    {
        var body = Body(Guid.NewGuid());
        body = spoiled switch
        {
            "no questionnaire" => body with { QuestionnaireId = null },
            "a blank questionnaire" => body with { QuestionnaireId = " \u200b" },
            "a questionnaire id over its limit" => body with { QuestionnaireId = Bodies.Text(Questionnaire.IdMaxLength + 1) },
            "a questionnaire id with a line break" => body with { QuestionnaireId = "prfq\n" },
            "no parent/carer" => body with { ParentCarerId = null },
            "no date" => body with { CompletedOn = null },
            "tomorrow" => body with { CompletedOn = TestCalendar.Today.AddDays(1) },
            "a null answer" => body with { Answers = [null, .. Form().Skip(1)] },
            _ => body with { Version = 0 },
        };

        var result = RecordRules.TestValidate(new RecordQuestionnaire(Guid.NewGuid(), 1, body));

        result.ShouldHaveValidationErrorFor(path).WithErrorMessage(message);
        Assert.Single(result.Errors);
    }

    [Fact]
    public void ARecordBody_CompletedToday_IsValid_AndANullOneIsRefused()
    {
        RecordRules.TestValidate(new RecordQuestionnaire(Guid.NewGuid(), 1, Body(Guid.NewGuid()))).ShouldNotHaveAnyValidationErrors();
        RecordRules.TestValidate(new RecordQuestionnaire(Guid.NewGuid(), 1, null!)).ShouldHaveValidationErrorFor("Body");
    }

    [Fact]
    public void ForChild_NeedsAPastDateOfBirth()
    {
        ForChildRules.TestValidate(new FindQuestionnaireForChild(null)).ShouldHaveValidationErrorFor(x => x.DateOfBirth).WithErrorMessage("Give the child's date of birth (yyyy-mm-dd).");
        ForChildRules.TestValidate(new FindQuestionnaireForChild(TestCalendar.Today.AddDays(1))).ShouldHaveValidationErrorFor(x => x.DateOfBirth);
        ForChildRules.TestValidate(new FindQuestionnaireForChild(TestCalendar.Today)).ShouldNotHaveAnyValidationErrors();
    }

    [Fact]
    public async Task List_ShowsEveryVersion_MarkingTheCurrentOnes()
    {
        var views = await new ListQuestionnairesHandler(Catalogue).Handle(new ListQuestionnaires(), CancellationToken.None);

        Assert.Equal([("prfq", 1, false), ("prfq", 2, true), ("prfq-a", 1, true)], views.Select(v => (v.Questionnaire.Id, v.Questionnaire.Version, v.IsCurrent)));
    }

    [Theory]
    [InlineData("2015-01-15", "prfq")] // 11 on 2027-01-14
    [InlineData("2015-01-14", "prfq-a")] // 12 that day
    public async Task ForChild_IsTheCurrentVersionForTheAgeOnTheServicesToday(string born, string expected)
    {
        var view = await new FindQuestionnaireForChildHandler(Catalogue, TestCalendar.Calendar)
            .Handle(new FindQuestionnaireForChild(DateOnly.Parse(born, System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None);

        Assert.Equal((expected, true), (view.Questionnaire.Id, view.IsCurrent));
        Assert.Equal(expected == "prfq" ? 2 : 1, view.Questionnaire.Version);
    }

    [Fact]
    public async Task Score_UsesTheNamedVersionOrTheCurrentOne_AndIsAuditedWithoutAReferral()
    {
        var audit = new FakeAudit();
        var handler = new ScoreQuestionnaireHandler(Catalogue, audit);
        var form = Form(1);

        var v1 = await handler.Handle(new ScoreQuestionnaire("prfq", new AnswersBody(1, form)), CancellationToken.None);
        var current = await handler.Handle(new ScoreQuestionnaire("prfq", new AnswersBody(null, form)), CancellationToken.None);

        // Version 1 reverses items 11 and 18; version 2 only item 11.
        Assert.Equal(("prfq", 1), (v1.QuestionnaireId, v1.Version));
        Assert.Equal([1m, 2m, 2m], v1.Subscales.Select(s => s.Score));
        Assert.Equal(2, current.Version);
        Assert.Equal([1m, 2m, 1m], current.Subscales.Select(s => s.Score));
        Assert.Equal([(AuditActions.ScoreQuestionnaire, (Guid?)null), (AuditActions.ScoreQuestionnaire, null)], audit.Read);
    }

    [Fact]
    public async Task Score_OfAnIncompleteForm_IsRefused_AndNotAudited()
    {
        var audit = new FakeAudit();

        var error = await Assert.ThrowsAsync<DomainException>(() => new ScoreQuestionnaireHandler(Catalogue, audit).Handle(new ScoreQuestionnaire("prfq", new AnswersBody(null, Form().Take(17).ToList())), CancellationToken.None));

        Assert.Equal("questionnaire.answers-invalid", error.Error.Code);
        Assert.Empty(audit.Read);
    }

    [Fact]
    public async Task Record_KeepsTheFormWithTheReferral_OnTheNamedVersion_AndAuditsTheChange()
    {
        var client = new FakeClient("case-system-a", Scopes.Submit, Scopes.Read);
        var clock = new ServiceClock(TestCalendar.Calendar, client);
        var repository = new FakeRepository();
        var audit = new FakeAudit();
        var changes = new ReferralChanges(repository, new ReferralAccess(repository, client, audit), clock, audit, new FakeOutbox(), new ReferralResults(AcceptancePolicy.Current, clock, client, Fakes.Clocks(), new FakeServiceLevels()), Fakes.Metrics(), Fakes.Clocks(), Fakes.Duplicates(client));
        var referral = Bodies.Complete().ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), clock.Stamp());
        repository.Add(referral);
        var mother = referral.ParentCarers[0].Id;

        var view = await new RecordQuestionnaireHandler(changes, Catalogue, client).Handle(new RecordQuestionnaire(referral.Id, referral.Version, Body(mother, Form(7), version: 1)), CancellationToken.None);

        var kept = Assert.Single(view.Referral.Questionnaires);
        Assert.Equal(("prfq", 1, mother, TestCalendar.Today, "case-system-a"), (kept.QuestionnaireId, kept.QuestionnaireVersion, kept.ParentCarerId, kept.CompletedOn, kept.RecordedBy));
        Assert.Equal([7m, 6m, 6m], kept.Scores.Select(s => s.Score));
        Assert.Equal([(AuditActions.RecordQuestionnaire, (Guid?)referral.Id)], audit.Recorded);
        Assert.Equal(1, repository.Saves);
    }
}
