using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using Vig.Api.OpenApi;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Application.Reports;
using Model = Vig.Domain.Questionnaires;
using ReferralModel = Vig.Domain.Referrals;

namespace Vig.Api.Contracts;

/// <summary>
/// What changed for one parent/carer between their form before VIG and their form after it, on the
/// same questionnaire version. Descriptive only: never a verdict, and there are no published cut-offs.
/// </summary>
public sealed record MeasuredChangeResponse
{
    /// <summary>The parent or carer of the referral who completed both forms.</summary>
    public required Guid ParentCarerId { get; init; }

    /// <summary>The questionnaire's id.</summary>
    [MaxLength(Model.Questionnaire.IdMaxLength)]
    public required string QuestionnaireId { get; init; }

    /// <summary>The version both forms were filled in on.</summary>
    [Range(1, Model.Questionnaire.MaxVersion)]
    public required int Version { get; init; }

    /// <summary>The day the form before VIG was completed (the last one recorded, if corrected).</summary>
    public required DateOnly BeforeCompletedOn { get; init; }

    /// <summary>The day the form after VIG was completed (the last one recorded, if corrected).</summary>
    public required DateOnly AfterCompletedOn { get; init; }

    /// <summary>Per subscale, in the version's order: both scores and the change.</summary>
    [MaxLength(Model.Questionnaire.MaxSubscales)]
    public required IReadOnlyList<SubscaleChangeResponse> Subscales { get; init; }

    /// <summary>Always false: the change describes, it does not judge.</summary>
    public required bool Diagnostic { get; init; }

    internal static MeasuredChangeResponse From(ReferralModel.MeasuredChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new()
        {
            ParentCarerId = change.ParentCarerId,
            QuestionnaireId = change.QuestionnaireId,
            Version = change.QuestionnaireVersion,
            BeforeCompletedOn = change.BeforeCompletedOn,
            AfterCompletedOn = change.AfterCompletedOn,
            Subscales = [.. change.Subscales.Select(SubscaleChangeResponse.From)],
            Diagnostic = false,
        };
    }
}

/// <summary>One subscale before and after VIG.</summary>
public sealed record SubscaleChangeResponse
{
    /// <summary>The subscale's code, e.g. PM.</summary>
    [MaxLength(Model.Subscale.CodeMaxLength)]
    public required string Code { get; init; }

    /// <summary>The subscale's name.</summary>
    [MaxLength(Model.Questionnaire.NameMaxLength)]
    public required string Name { get; init; }

    /// <summary>The score before VIG.</summary>
    public required decimal Before { get; init; }

    /// <summary>The score after VIG.</summary>
    public required decimal After { get; init; }

    /// <summary>After minus before: negative when the score went down.</summary>
    public required decimal Change { get; init; }

    /// <summary>How the literature reads this subscale (e.g. PM: lower is read as better); plain text, never a threshold or verdict.</summary>
    [MaxLength(Model.Subscale.ReadingMaxLength)]
    public required string Reading { get; init; }

    internal static SubscaleChangeResponse From(ReferralModel.SubscaleChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return new() { Code = change.Code, Name = change.Name, Before = change.Before, After = change.After, Change = change.Change, Reading = change.Reading };
    }
}

/// <summary>A closed referral's outcome, for the client that made it: how it closed, when each step happened, and what was measured.</summary>
public sealed record ReferralOutcomeResponse
{
    /// <summary>The referral's id.</summary>
    public required Guid ReferralId { get; init; }

    /// <summary>The referral's reference, e.g. VIG-2027-00000001.</summary>
    [MaxLength(ReferralModel.ReferralReference.MaxLength)]
    public required string Reference { get; init; }

    /// <summary>How the work ended.</summary>
    public required ClosureOutcome Outcome { get; init; }

    /// <summary>When it was first submitted.</summary>
    public required DateTimeOffset? SubmittedAt { get; init; }

    /// <summary>When it was accepted.</summary>
    public required DateTimeOffset? AcceptedAt { get; init; }

    /// <summary>When it was allocated to a practitioner.</summary>
    public required DateTimeOffset? AllocatedAt { get; init; }

    /// <summary>When it was closed.</summary>
    public required DateTimeOffset ClosedAt { get; init; }

    /// <summary>One per parent/carer with a form before and one after VIG on the same version; empty when none has both.</summary>
    [MaxLength(ReferralModel.Referral.MaxQuestionnaires / 2)]
    public required IReadOnlyList<MeasuredChangeResponse> MeasuredChanges { get; init; }

    /// <summary>How to read the changes.</summary>
    [MaxLength(Model.Questionnaire.NoteMaxLength)]
    public required string Note { get; init; }

    /// <summary>Said with every outcome: the changes describe, they never judge.</summary>
    internal const string ChangeNote =
        "Descriptive only: each change is the score after VIG minus the score before, beside the literature's reading of the subscale. There are no published cut-offs, so no change is a verdict.";

    internal static ReferralOutcomeResponse From(ReferralOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new()
        {
            ReferralId = outcome.Referral.Id,
            Reference = outcome.Referral.Reference.Value,
            Outcome = outcome.Outcome.To<ClosureOutcome>(),
            SubmittedAt = outcome.SubmittedAt,
            AcceptedAt = outcome.AcceptedAt,
            AllocatedAt = outcome.AllocatedAt,
            ClosedAt = outcome.ClosedAt,
            MeasuredChanges = [.. outcome.MeasuredChanges.Select(MeasuredChangeResponse.From)],
            Note = ChangeNote,
        };
    }
}

/// <summary>The query of GET /reports/outcomes.</summary>
public sealed record OutcomeReportQuery
{
    /// <summary>The first closing day included, yyyy-MM-dd (the council's calendar).</summary>
    [FromQuery(Name = "from")]
    public QueryDate? From { get; init; }

    /// <summary>The first closing day left out, yyyy-MM-dd: to=2027-02-01 ends with 31 January. Must be after from.</summary>
    [FromQuery(Name = "to")]
    public QueryDate? To { get; init; }

    /// <summary>What to group by, one or more separated by commas (e.g. route,month): one row per combination. Default month.</summary>
    [FromQuery(Name = "groupBy")]
    public QueryValues<OutcomeGroup>? GroupBy { get; init; }

    internal GetOutcomeReport ToRequest() =>
        new(new ReportRange(From?.Value, To?.Value), [.. (GroupBy?.Values ?? []).Select(g => g.To<Application.Reports.OutcomeGroup>())]);
}

/// <summary>Outcomes of closed referrals measured before and after VIG, per group. Counts and medians only: no personal data.</summary>
public sealed record OutcomeReportResponse
{
    /// <summary>The first closing day included; null for no lower bound.</summary>
    public required DateOnly? From { get; init; }

    /// <summary>The first closing day left out; null for no upper bound.</summary>
    public required DateOnly? To { get; init; }

    /// <summary>What the rows are grouped by, in the order given.</summary>
    [MaxItemsOf(Catalogue.OutcomeGroups)]
    public required IReadOnlyList<OutcomeGroup> GroupBy { get; init; }

    /// <summary>A group (or a subscale in it) counting fewer referrals than this shows null figures and suppressed true (Reports__SmallCellSuppression).</summary>
    [Range(1, int.MaxValue)]
    public required int SmallCellSuppression { get; init; }

    /// <summary>One row per combination of the grouped values with a closed referral that has both forms, in the order of the values (none last).</summary>
    public required IReadOnlyList<OutcomeGroupResponse> Groups { get; init; }

    /// <summary>How to read the figures.</summary>
    [MaxLength(Model.Questionnaire.NoteMaxLength)]
    public required string Note { get; init; }

    internal const string ReportNote =
        "Descriptive only: changes are after minus before. PM: lower is read as better; CMS: mid-range is read as optimal; IC: moderate to high is read as optimal. No threshold or verdict.";

    internal static OutcomeReportResponse Of(GetOutcomeReport request, OutcomeReport report) => new()
    {
        From = request.Range.From,
        To = request.Range.To,
        GroupBy = [.. request.Groups.Select(g => g.To<OutcomeGroup>())],
        SmallCellSuppression = report.SmallCellSuppression,
        Groups = [.. report.Groups.Select(OutcomeGroupResponse.From)],
        Note = ReportNote,
    };
}

/// <summary>
/// One group's outcome figures. Only the grouped-by properties carry a value. When the group counts
/// fewer referrals than the small-cell setting, referrals and every figure are null and suppressed is true.
/// </summary>
public sealed record OutcomeGroupResponse
{
    /// <summary>The route, as in RouteKind.</summary>
    public required RouteKind? Route { get; init; }

    /// <summary>A concern category code.</summary>
    [MaxLength(ReferralModel.ConcernCategory.CodeMaxLength)]
    public required string? Concern { get; init; }

    /// <summary>The child's age band on the referral date.</summary>
    [MaxLength(ReportRowResponse.AgeBandMaxLength)]
    public required string? AgeBand { get; init; }

    /// <summary>The month closed, yyyy-MM.</summary>
    [MaxLength(ReportRowResponse.MonthLength)]
    public required string? Month { get; init; }

    /// <summary>Closed referrals with a form before and after VIG from the same parent/carer; null when suppressed.</summary>
    [Range(1, int.MaxValue)]
    public required int? Referrals { get; init; }

    /// <summary>True when the group counts fewer referrals than the small-cell setting: its figures are withheld.</summary>
    public required bool Suppressed { get; init; }

    /// <summary>Per subscale code of the measured versions, the median change; each suppressed on its own when fewer referrals measured it.</summary>
    [MaxLength(Model.Questionnaire.MaxSubscales * Model.QuestionnaireCatalogue.MaxVersions)]
    public required IReadOnlyList<SubscaleFiguresResponse> Subscales { get; init; }

    /// <summary>The share (0 to 1) of referrals whose PM score went down; null when suppressed.</summary>
    [Range(0.0, 1.0)]
    public required double? PmLowerShare { get; init; }

    /// <summary>The share (0 to 1) of referrals whose IC score went up; null when suppressed.</summary>
    [Range(0.0, 1.0)]
    public required double? IcHigherShare { get; init; }

    internal static OutcomeGroupResponse From(OutcomeGroupFigures group)
    {
        string? Value(Application.Reports.OutcomeGroup g) => group.Key.TryGetValue(g, out var value) ? value : null;
        return new()
        {
            Route = Value(Application.Reports.OutcomeGroup.Route) is { } text && EnumText.TryParse<RouteKind>(text, out var route) ? route : null,
            Concern = Value(Application.Reports.OutcomeGroup.Concern),
            AgeBand = Value(Application.Reports.OutcomeGroup.AgeBand),
            Month = Value(Application.Reports.OutcomeGroup.Month),
            Referrals = group.Referrals,
            Suppressed = group.Suppressed,
            Subscales = [.. group.Subscales.Select(s => new SubscaleFiguresResponse { Code = s.Code, Referrals = s.Referrals, MedianChange = s.MedianChange, Suppressed = s.Suppressed })],
            PmLowerShare = group.PmLowerShare,
            IcHigherShare = group.IcHigherShare,
        };
    }
}

/// <summary>One subscale's median change in a group.</summary>
public sealed record SubscaleFiguresResponse
{
    /// <summary>The subscale's code, e.g. PM.</summary>
    [MaxLength(Model.Subscale.CodeMaxLength)]
    public required string Code { get; init; }

    /// <summary>Referrals in the group that measured this subscale; null when suppressed.</summary>
    [Range(1, int.MaxValue)]
    public required int? Referrals { get; init; }

    /// <summary>The median change (after minus before); null when suppressed.</summary>
    public required decimal? MedianChange { get; init; }

    /// <summary>True when fewer referrals than the small-cell setting measured it.</summary>
    public required bool Suppressed { get; init; }
}
