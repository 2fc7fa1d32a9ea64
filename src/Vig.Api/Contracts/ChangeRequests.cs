using System.ComponentModel.DataAnnotations;
using Vig.Api.OpenApi;
using Vig.Application.Referrals;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.Contracts;

/// <summary>The body of POST /referrals/{id}/request-information.</summary>
public sealed record RequestInformationRequest
{
    /// <summary>Codes from GET /api/v1/acceptance-rules that the referrer must answer; all unmet rules when absent or empty.</summary>
    [MaxItemsOf(Catalogue.AcceptanceRules)]
    [ItemMaxLength(Vig.Domain.Acceptance.AcceptanceRule.CodeMaxLength)]
    public IReadOnlyList<string>? RuleCodes { get; init; }

    /// <summary>What the VIG team asks, in their words.</summary>
    [MaxLength(Model.StatusChange.CommentMaxLength)]
    public string? Comment { get; init; }

    internal RequestInformation ToCommand(Guid id, int expectedVersion) => new(id, expectedVersion, RuleCodes, Comment);
}

/// <summary>The body of POST /referrals/{id}/decline.</summary>
public sealed record DeclineReferralRequest
{
    /// <summary>A code from GET /api/v1/decline-reasons.</summary>
    [Required]
    [MaxLength(Model.DeclineReason.CodeMaxLength)]
    public string? ReasonCode { get; init; }

    /// <summary>The decision explained to the referrer.</summary>
    [Required]
    [MaxLength(Model.StatusChange.CommentMaxLength)]
    public string? Comment { get; init; }

    /// <summary>
    /// With reasonCode `duplicate`, and only then: the id of the referral this one duplicates, usually one of
    /// its possibleDuplicates. Missing: 422 referral.duplicate-of-required; not a referral you can see, or
    /// this one: 422 referral.duplicate-of-unknown. Only the VIG team sees it afterwards.
    /// </summary>
    public Guid? DuplicateOf { get; init; }

    internal DeclineReferral ToCommand(Guid id, int expectedVersion) => new(id, expectedVersion, ReasonCode, Comment, DuplicateOf);
}

/// <summary>The body of POST /referrals/{id}/allocate.</summary>
public sealed record AllocateReferralRequest
{
    /// <summary>The practitioner who will work with the family.</summary>
    [Required]
    [MaxLength(Model.Referral.PractitionerMaxLength)]
    public string? Practitioner { get; init; }

    internal AllocateReferral ToCommand(Guid id, int expectedVersion) => new(id, expectedVersion, Practitioner);
}

/// <summary>The body of POST /referrals/{id}/close.</summary>
public sealed record CloseReferralRequest
{
    /// <summary>How the work ended.</summary>
    [Required]
    public ClosureOutcome? Outcome { get; init; }

    /// <summary>Anything more to say about the ending.</summary>
    [MaxLength(Model.StatusChange.CommentMaxLength)]
    public string? Comment { get; init; }

    internal CloseReferral ToCommand(Guid id, int expectedVersion) => new(id, expectedVersion, Outcome.ToOrNull<Model.ClosureOutcome>(), Comment);
}

/// <summary>The body of POST /referrals/{id}/withdraw.</summary>
public sealed record WithdrawReferralRequest
{
    /// <summary>Why the referral is withdrawn.</summary>
    [Required]
    [MaxLength(Model.StatusChange.CommentMaxLength)]
    public string? Reason { get; init; }

    internal WithdrawReferral ToCommand(Guid id, int expectedVersion) => new(id, expectedVersion, Reason);
}

/// <summary>The body of POST /referrals/{id}/consents/{consentId}/withdraw; it may be left out.</summary>
public sealed record WithdrawConsentRequest
{
    /// <summary>The date the consent was withdrawn (yyyy-mm-dd); today when absent.</summary>
    public DateOnly? WithdrawnOn { get; init; }

    internal WithdrawConsent ToCommand(Guid id, int expectedVersion, Guid consentId) => new(id, expectedVersion, consentId, WithdrawnOn);
}
