using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Domain.Tests;

/// <summary>
/// Every refusal tells a person what to do (DomainError's contract): a message, in a sentence, under a
/// stable short code. These tests fail when a message goes missing or an error code breaks its bounds.
/// </summary>
public sealed class ErrorMessageTests
{
    public static TheoryData<string, DomainError> EveryReferralError() => new()
    {
        { nameof(ReferralErrors.NotFound), ReferralErrors.NotFound },
        { nameof(ReferralErrors.ActionNotAllowed), ReferralErrors.ActionNotAllowed(ReferralAction.Accept, ReferralStatus.Draft, [ReferralAction.Submit]) },
        { nameof(ReferralErrors.AcceptanceCriteriaNotMet), ReferralErrors.AcceptanceCriteriaNotMet(["consent.parents"]) },
        { nameof(ReferralErrors.ConsentRequiredForAllocation), ReferralErrors.ConsentRequiredForAllocation(["consent.parents"]) },
        { nameof(ReferralErrors.NotFinished), ReferralErrors.NotFinished },
        { nameof(ReferralErrors.NothingToAsk), ReferralErrors.NothingToAsk },
        { nameof(ReferralErrors.UnknownRules), ReferralErrors.UnknownRules(["no.such-rule"]) },
        { nameof(ReferralErrors.CommentRequired), ReferralErrors.CommentRequired },
        { nameof(ReferralErrors.PractitionerRequired), ReferralErrors.PractitionerRequired },
        { nameof(ReferralErrors.DuplicateParentCarer), ReferralErrors.DuplicateParentCarer },
        { nameof(ReferralErrors.UnknownParentCarer), ReferralErrors.UnknownParentCarer },
        { nameof(ReferralErrors.ConsentDateInFuture), ReferralErrors.ConsentDateInFuture },
        { nameof(ReferralErrors.ConsentBeforeBirth), ReferralErrors.ConsentBeforeBirth },
        { nameof(ReferralErrors.ConsentLimitReached), ReferralErrors.ConsentLimitReached },
        { nameof(ReferralErrors.WithdrawalBeforeConsent), ReferralErrors.WithdrawalBeforeConsent },
        { nameof(ReferralErrors.ConsentNotFound), ReferralErrors.ConsentNotFound },
        { nameof(ReferralErrors.NoConsentInForce), ReferralErrors.NoConsentInForce },
        { nameof(ReferralErrors.ConsentAlreadyWithdrawn), ReferralErrors.ConsentAlreadyWithdrawn },
    };

    [Theory]
    [MemberData(nameof(EveryReferralError))]
    public void EveryReferralRefusal_ExplainsItselfInASentence(string name, DomainError error)
    {
        Assert.False(string.IsNullOrWhiteSpace(error.Message), $"{name} has no message");
        Assert.True(char.IsUpper(error.Message[0]) || error.Message[0] == '\'', $"{name}: '{error.Message}' does not start a sentence");
        Assert.EndsWith(".", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length > 20, $"{name}: '{error.Message}' says too little");
    }

    [Fact]
    public void EveryReferralRefusal_HasItsOwnMessage()
    {
        var messages = EveryReferralError().Select(row => ((DomainError)row[1]).Message).ToList();

        Assert.Equal(messages.Count, messages.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void ActionNotAllowed_ListsTheActionsAllowedNow()
    {
        var error = ReferralErrors.ActionNotAllowed(ReferralAction.Accept, ReferralStatus.Draft, [ReferralAction.Edit, ReferralAction.Submit]);

        Assert.Equal("'Accept' is not allowed while the referral is Draft. Allowed now: Edit, Submit.", error.Message);
        Assert.Equal(ErrorKind.Conflict, error.Kind);
    }

    [Fact]
    public void ActionNotAllowed_OnAFinishedReferral_SaysNothingIsAllowed()
    {
        var error = ReferralErrors.ActionNotAllowed(ReferralAction.Edit, ReferralStatus.Closed, []);

        Assert.Equal("'Edit' is not allowed while the referral is Closed. Allowed now: nothing (the referral is finished).", error.Message);
    }

    [Fact]
    public void UnknownRules_NamesEveryUnknownCode()
    {
        var error = ReferralErrors.UnknownRules(["no.such-rule", "nor.this"]);

        Assert.Contains("no.such-rule, nor.this", error.Message, StringComparison.Ordinal);
        Assert.Equal("referral.unknown-rule", error.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(DomainError.CodeMaxLength)]
    public void DomainError_AcceptsACodeOfOneToTheMaximumCharacters(int length)
    {
        var code = new string('c', length);

        Assert.Equal(code, DomainError.Invalid(code, "A message.").Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(DomainError.CodeMaxLength + 1)]
    public void DomainError_RefusesAnEmptyOrOverlongCode(int length)
    {
        var refused = Assert.Throws<ArgumentException>(() => DomainError.Invalid(new string('c', length), "A message."));

        Assert.Equal("Code", refused.ParamName);
        Assert.StartsWith($"An error code has 1 to {DomainError.CodeMaxLength} characters.", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DomainException_WithoutAnError_IsRefused() =>
        Assert.Throws<ArgumentNullException>(() => new DomainException((DomainError)null!));

    [Fact]
    public void DomainException_WithoutDetail_StillTellsThePersonTheRequestWasRefused() =>
        Assert.Equal("The request was refused.", new DomainException().Message);

    [Fact]
    public void DeclineReasons_EachHaveADistinctTitleAndCode()
    {
        Assert.All(DeclineReason.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Title), $"{r.Code} has no title"));
        Assert.All(DeclineReason.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Code), $"{r.Title} has no code"));
        Assert.Equal(DeclineReason.All.Count, DeclineReason.All.Select(r => r.Title).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("The family does not wish to take part", DeclineReason.FamilyDeclined.Title);
        Assert.Equal("family-declined", DeclineReason.FamilyDeclined.Code);
        Assert.Equal(3, DeclineReason.FamilyDeclined.DisplayOrder);
    }

    [Theory]
    [InlineData(1999, 1)]
    [InlineData(10_000, 1)]
    [InlineData(2026, 100_000_000)]
    public void ReferralReference_RefusesAYearOrNumberOutsideTheFormat(int year, long number) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ReferralReference.Create(year, number));

    [Fact]
    public void ReferralReference_AcceptsTheLargestEightDigitNumber() =>
        Assert.Equal("VIG-9999-99999999", ReferralReference.Create(9999, 99_999_999).Value);

    [Fact]
    public void ReferralReference_Parse_NamesTheValueItCouldNotRead()
    {
        var refused = Assert.Throws<FormatException>(() => ReferralReference.Parse("VIG-7"));

        Assert.Equal("'VIG-7' is not a referral reference (VIG-yyyy-nnnnnn).", refused.Message);
    }
}
