using Vig.Domain.Common;
using Vig.Domain.Questionnaires;
using Vig.Domain.Referrals;
using static Vig.Domain.Tests.TestData;

namespace Vig.Domain.Tests;

/// <summary>Forms before and after VIG, and the changes paired from them (ADR 0033).</summary>
public sealed class OutcomeTests
{
    private static readonly Questionnaire Prfq = QuestionnaireTests.Prfq;

    private static readonly Questionnaire PrfqVersion2 = Questionnaire.Define("prfq", "PRFQ", 2, new AgeRange(0, 11), 1, 7, Prfq.Subscales, [11, 18]);

    private static List<ItemAnswer> Form(Func<int, int> answer) => [.. Enumerable.Range(1, 18).Select(i => new ItemAnswer(i, answer(i)))];

    private static QuestionnaireResult Kept(QuestionnaireTimepoint timepoint, Func<int, int> answer, Guid? parentCarer = null, Questionnaire? version = null, int day = 0) =>
        QuestionnaireResult.Completed(version ?? Prfq, timepoint, parentCarer ?? MotherId, Today.AddDays(day), Form(answer), Now);

    private static Referral WithMotherAndFather(ReferralStatus status)
    {
        var referral = Draft(Details(parentCarers: [new ParentCarer(MotherId, "Jo Example", Relationship.Mother, true), new ParentCarer(FatherId, "Sam Example", Relationship.Father, true)]));
        referral.Submit(Policy, Now);
        if (status is ReferralStatus.Allocated or ReferralStatus.Closed)
        {
            referral.Accept(Policy, Now);
            referral.Allocate("Practitioner One", Policy, Now);
        }

        if (status is ReferralStatus.Closed)
        {
            referral.Close(ClosureOutcome.Completed, null, Now);
        }

        return referral;
    }

    [Fact]
    public void ABeforeAndAnAfterForm_OfOneParentCarer_GiveTheChangePerSubscale_AfterMinusBefore()
    {
        // All 1s: PM 1, CMS 2, IC 2. Items 11 and 18 alone at 1 and 7: PM 4, CMS 4.5, IC 3.5.
        var change = Assert.Single(QuestionnaireChanges.Between(
        [
            Kept(QuestionnaireTimepoint.Before, i => i switch { 11 => 1, 18 => 7, _ => 4 }, day: -60),
            Kept(QuestionnaireTimepoint.After, _ => 1),
        ]));

        Assert.Equal((MotherId, "prfq", 1, Today.AddDays(-60), Today), (change.ParentCarerId, change.QuestionnaireId, change.QuestionnaireVersion, change.BeforeCompletedOn, change.AfterCompletedOn));
        Assert.Equal(
            [("PM", 4m, 1m, -3m), ("CMS", 4.5m, 2m, -2.5m), ("IC", 3.5m, 2m, -1.5m)],
            change.Subscales.Select(s => (s.Code, s.Before, s.After, s.Change)));
        Assert.Equal(["Lower is better.", "Mid-range is optimal.", "Moderate to high is optimal."], change.Subscales.Select(s => s.Reading));
    }

    [Fact]
    public void FormsOfDifferentParentCarers_AreNeverPaired()
    {
        Assert.Empty(QuestionnaireChanges.Between([Kept(QuestionnaireTimepoint.Before, _ => 4, MotherId), Kept(QuestionnaireTimepoint.After, _ => 2, FatherId)]));
    }

    [Fact]
    public void FormsOfDifferentVersions_AreNeverPaired()
    {
        Assert.Empty(QuestionnaireChanges.Between([Kept(QuestionnaireTimepoint.Before, _ => 4), Kept(QuestionnaireTimepoint.After, _ => 2, version: PrfqVersion2)]));
    }

    [Fact]
    public void OnlyOneTimepoint_GivesNoChange()
    {
        Assert.Empty(QuestionnaireChanges.Between([Kept(QuestionnaireTimepoint.Before, _ => 4), Kept(QuestionnaireTimepoint.Before, _ => 2)]));
        Assert.Empty(QuestionnaireChanges.Between([Kept(QuestionnaireTimepoint.After, _ => 4), Kept(QuestionnaireTimepoint.After, _ => 2)]));
        Assert.Empty(QuestionnaireChanges.Between([]));
    }

    [Fact]
    public void AFormRecordedAgain_CorrectsTheEarlierOne_AndEachParentCarerHasTheirOwnChange()
    {
        var changes = QuestionnaireChanges.Between(
        [
            Kept(QuestionnaireTimepoint.Before, _ => 7, MotherId),
            Kept(QuestionnaireTimepoint.Before, _ => 5, FatherId),
            Kept(QuestionnaireTimepoint.Before, _ => 4, MotherId),
            Kept(QuestionnaireTimepoint.After, _ => 2, FatherId),
            Kept(QuestionnaireTimepoint.After, _ => 3, MotherId),
            Kept(QuestionnaireTimepoint.After, _ => 1, MotherId),
        ]);

        Assert.Equal([(MotherId, 4m, 1m), (FatherId, 5m, 2m)], changes.Select(c => (c.ParentCarerId, c.Subscales[0].Before, c.Subscales[0].After)));
    }

    [Fact]
    public void TheReferral_ShowsItsMeasuredChanges_AndAFormKeptEarlierIsBefore()
    {
        var referral = WithMotherAndFather(ReferralStatus.Allocated);
        referral.RecordQuestionnaire(Prfq, MotherId, Today, Form(_ => 4), Now);
        Assert.Equal(QuestionnaireTimepoint.Before, referral.Questionnaires[0].Timepoint);
        Assert.Empty(referral.MeasuredChanges);

        referral.RecordQuestionnaire(Prfq, QuestionnaireTimepoint.After, MotherId, Today, Form(_ => 2), Now);

        Assert.Equal(-2m, Assert.Single(referral.MeasuredChanges).Subscales[0].Change);
    }

    [Theory]
    [InlineData(ReferralStatus.Draft)]
    [InlineData(ReferralStatus.Submitted)]
    [InlineData(ReferralStatus.InformationRequested)]
    [InlineData(ReferralStatus.Accepted)]
    public void AFormAfterVig_IsRefused_BeforeTheReferralIsAllocated(ReferralStatus status)
    {
        var referral = InStatus(status);
        var version = referral.Version;

        var error = Assert.Throws<DomainException>(() => referral.RecordQuestionnaire(Prfq, QuestionnaireTimepoint.After, MotherId, Today, Form(_ => 4), Now)).Error;

        Assert.Equal(("questionnaire.after-too-early", ErrorKind.Conflict), (error.Code, error.Kind));
        Assert.Equal((version, 0), (referral.Version, referral.Questionnaires.Count));
    }

    [Fact]
    public void AClosedReferral_TakesAFormAfterVig_ButNotOneBefore()
    {
        var referral = WithMotherAndFather(ReferralStatus.Closed);

        var error = Assert.Throws<DomainException>(() => referral.RecordQuestionnaire(Prfq, MotherId, Today, Form(_ => 4), Now)).Error;
        Assert.Equal(("questionnaire.before-on-closed", ErrorKind.Conflict), (error.Code, error.Kind));

        referral.RecordQuestionnaire(Prfq, QuestionnaireTimepoint.After, MotherId, Today, Form(_ => 4), Now);
        Assert.Equal(ReferralStatus.Closed, referral.Status);
        Assert.True(referral.IsFinished);
        Assert.Equal(QuestionnaireTimepoint.After, Assert.Single(referral.Questionnaires).Timepoint);
    }

    [Fact]
    public void AnAnonymisedClosedReferral_TakesNoForm()
    {
        var referral = WithMotherAndFather(ReferralStatus.Closed);
        referral.Anonymise(Now);

        Assert.Equal("questionnaire.referral-anonymised", Assert.Throws<DomainException>(() => referral.RecordQuestionnaire(Prfq, QuestionnaireTimepoint.After, MotherId, Today, Form(_ => 4), Now)).Error.Code);
        Assert.Equal("questionnaire.referral-anonymised", Assert.Single(referral.Options(Policy, Today).Blocked).Error.Code);
    }

    [Theory]
    [InlineData(ReferralStatus.Declined)]
    [InlineData(ReferralStatus.Withdrawn)]
    public void ADeclinedOrWithdrawnReferral_TakesNoFormAfterVig(ReferralStatus status)
    {
        Assert.Equal("referral.action-not-allowed", Assert.Throws<DomainException>(() => InStatus(status).RecordQuestionnaire(Prfq, QuestionnaireTimepoint.After, MotherId, Today, Form(_ => 4), Now)).Error.Code);
    }
}
