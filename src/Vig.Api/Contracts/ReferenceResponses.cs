using System.ComponentModel.DataAnnotations;
using Vig.Api.OpenApi;
using Vig.Application.ReferenceData;
using Vig.Application.Referrals;
using Acceptance = Vig.Domain.Acceptance;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.Contracts;

/// <summary>A kind of concern a referral can name.</summary>
[MaxItemsOf(Catalogue.ConcernCategories)]
public sealed record ConcernCategoryResponse
{
    /// <summary>The stable code to send in a referral's concerns.</summary>
    [MaxLength(Model.ConcernCategory.CodeMaxLength)]
    public required string Code { get; init; }

    /// <summary>A short title.</summary>
    [MaxLength(Model.ConcernCategory.TitleMaxLength)]
    public required string Title { get; init; }

    /// <summary>What the concern means, in the service's words.</summary>
    [MaxLength(Model.ConcernCategory.DescriptionMaxLength)]
    public required string Description { get; init; }

    internal static ConcernCategoryResponse From(ConcernCategoryDto category) => new() { Code = category.Code, Title = category.Title, Description = category.Description };
}

/// <summary>An acceptance rule in force.</summary>
[MaxItemsOf(Catalogue.AcceptanceRules)]
public sealed record AcceptanceRuleResponse
{
    /// <summary>The rule's stable code.</summary>
    [MaxLength(Acceptance.AcceptanceRule.CodeMaxLength)]
    public required string Code { get; init; }

    /// <summary>What the rule being unmet means.</summary>
    public required RuleKind Kind { get; init; }

    /// <summary>The criterion in plain words, with the policy's figures filled in.</summary>
    public required string Criterion { get; init; }

    /// <summary>What a referrer does when the rule is not met.</summary>
    public required string WhatToDo { get; init; }

    /// <summary>The version of the acceptance policy that defines the rule.</summary>
    [MaxLength(Acceptance.AcceptancePolicy.VersionMaxLength)]
    public required string PolicyVersion { get; init; }

    internal static AcceptanceRuleResponse From(AcceptanceRuleDto rule) => new() { Code = rule.Code, Kind = rule.Kind.To<RuleKind>(), Criterion = rule.Criterion, WhatToDo = rule.WhatToDo, PolicyVersion = rule.PolicyVersion };
}

/// <summary>A route through which requests for VIG are taken.</summary>
[MaxItemsOf(Catalogue.ReferralRoutes)]
public sealed record ReferralRouteResponse
{
    /// <summary>The route, as sent in a referral's route.kind.</summary>
    public required RouteKind Kind { get; init; }

    /// <summary>The usual abbreviation (CMD, FFL).</summary>
    [MaxLength(ReferralRouteDto.AbbreviationMaxLength)]
    public required string Abbreviation { get; init; }

    /// <summary>The route's name.</summary>
    [MaxLength(ReferralRouteDto.TextMaxLength)]
    public required string Title { get; init; }

    /// <summary>What to send as route.reference.</summary>
    [MaxLength(ReferralRouteDto.TextMaxLength)]
    public required string Reference { get; init; }

    internal static ReferralRouteResponse From(ReferralRouteDto route) => new() { Kind = route.Kind.To<RouteKind>(), Abbreviation = route.Abbreviation, Title = route.Title, Reference = route.Reference };
}

/// <summary>A coded reason for declining a referral.</summary>
[MaxItemsOf(Catalogue.DeclineReasons)]
public sealed record DeclineReasonResponse
{
    /// <summary>The stable code to send as reasonCode.</summary>
    [MaxLength(Model.DeclineReason.CodeMaxLength)]
    public required string Code { get; init; }

    /// <summary>The reason in words.</summary>
    [MaxLength(Model.DeclineReason.TitleMaxLength)]
    public required string Title { get; init; }

    internal static DeclineReasonResponse From(DeclineReasonDto reason) => new() { Code = reason.Code, Title = reason.Title };
}
