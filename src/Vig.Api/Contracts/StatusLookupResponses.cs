using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Vig.Api.OpenApi;
using Vig.Application.Referrals;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.Contracts;

/// <summary>The query of GET /referrals/status: exactly one of the two.</summary>
public sealed record ReferralStatusQuery
{
    /// <summary>The child's case id in your case-management system, as you sent it in child.externalCaseId.</summary>
    [FromQuery(Name = "externalCaseId")]
    [MaxLength(Model.Child.ExternalCaseIdMaxLength)]
    public string? ExternalCaseId { get; init; }

    /// <summary>The service's reference of one referral, e.g. VIG-2027-000123.</summary>
    [FromQuery(Name = "reference")]
    [MaxLength(Model.ReferralReference.MaxLength)]
    public string? Reference { get; init; }

    internal LookUpReferralStatus ToRequest() => new(ExternalCaseId, Reference);
}

/// <summary>The referrals a look-up found, newest first; empty when none is yours.</summary>
public sealed record ReferralStatusListResponse
{
    /// <summary>The referrals found, newest first (a case can be referred more than once).</summary>
    [MaxLength(LookUpReferralStatus.MaxMatches)]
    public required IReadOnlyList<ReferralStatusResponse> Items { get; init; }

    internal static ReferralStatusListResponse From(IReadOnlyList<ReferralResult> found) =>
        new() { Items = [.. found.Select(ReferralStatusResponse.From)] };
}

/// <summary>Where one referral stands and what you may do next: no personal data.</summary>
public sealed record ReferralStatusResponse
{
    /// <summary>The referral's id: GET /api/v1/referrals/{id} for the whole referral.</summary>
    public required Guid Id { get; init; }

    /// <summary>The human-readable reference.</summary>
    [MaxLength(Model.ReferralReference.MaxLength)]
    public required string Reference { get; init; }

    /// <summary>Where the referral is in its life.</summary>
    public required ReferralStatus Status { get; init; }

    /// <summary>When the referral moved into its status (its creation for a draft).</summary>
    public required DateTimeOffset StatusChangedAt { get; init; }

    /// <summary>When anything about the referral last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The version; the ETag is W/"version", to send as If-Match with the next step.</summary>
    [Range(1, int.MaxValue)]
    public required int Version { get; init; }

    /// <summary>What you may do now and would succeed, as in the referral's own allowedActions.</summary>
    [MaxItemsOf(Catalogue.ReferralActions)]
    public required IReadOnlyList<ReferralAction> AllowedActions { get; init; }

    internal static ReferralStatusResponse From(ReferralResult found) => new()
    {
        Id = found.Referral.Id,
        Reference = found.Referral.Reference.Value,
        Status = found.Referral.Status.To<ReferralStatus>(),
        StatusChangedAt = found.Referral.History[^1].At,
        UpdatedAt = found.Referral.UpdatedAt,
        Version = found.Referral.Version,
        AllowedActions = [.. found.AllowedActions.Select(a => a.To<ReferralAction>())],
    };
}
