using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Reports;

/// <summary>The outcome report's settings (Reports section).</summary>
public sealed class OutcomeReportOptions
{
    public const string Section = "Reports";

    /// <summary>A group counting fewer referrals than this shows no figure (council statistics' small-cell rule).</summary>
    public int SmallCellSuppression { get; set; } = 5;
}

/// <summary>What the outcome report can be grouped by; several give one row per combination.</summary>
public enum OutcomeGroup
{
    Route,
    Concern,
    AgeBand,
    Month,
}

/// <summary>
/// Outcomes of the referrals closed in <see cref="Range"/> (their closing day, in the council's
/// calendar, on or after From and before To): per group, how many have a form before and after
/// VIG from the same parent/carer, the median change per subscale, and the share with PM lower and
/// IC higher. Groups below the small-cell setting are suppressed (ADR 0033).
/// </summary>
public sealed record GetOutcomeReport(ReportRange Range, IReadOnlyList<OutcomeGroup> GroupBy) : IRequest<OutcomeReport>
{
    /// <summary>By month closed when no groupBy is given.</summary>
    public static readonly IReadOnlyList<OutcomeGroup> DefaultGroupBy = [OutcomeGroup.Month];

    public IReadOnlyList<OutcomeGroup> Groups => GroupBy.Count == 0 ? DefaultGroupBy : GroupBy;
}

public sealed class GetOutcomeReportValidator : AbstractValidator<GetOutcomeReport>
{
    public GetOutcomeReportValidator()
    {
        RuleFor(x => x.Range).Must(ReportRanges.IsOrdered).OverridePropertyName("to").WithMessage(ReportRanges.Message);
        RuleForEach(x => x.GroupBy).IsInEnum().OverridePropertyName("groupBy")
            .WithMessage($"Use one or more of: {EnumText.Names<OutcomeGroup>()}, separated by commas.");
        RuleFor(x => x.GroupBy).Must(g => g.Distinct().Count() == g.Count).OverridePropertyName("groupBy").WithMessage("Name each group once.");
    }
}

public sealed class GetOutcomeReportHandler(IReportQueries reports, IAuditTrail audit, OutcomeReportOptions options) : IRequestHandler<GetOutcomeReport, OutcomeReport>
{
    public async Task<OutcomeReport> Handle(GetOutcomeReport request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Recorded first (on the primary): the report itself may come from a read-only replica.
        await audit.RecordReadAsync(AuditActions.Outcomes, null, cancellationToken);
        var closed = await reports.ClosedOutcomesAsync(cancellationToken);
        var inRange = closed.Where(c => (request.Range.From is not { } from || c.ClosedOn >= from) && (request.Range.To is not { } to || c.ClosedOn < to));
        return OutcomeReport.Of(inRange, request.Groups, options.SmallCellSuppression);
    }
}

/// <summary>A closed referral as the outcome report reads it: its groups and its measured changes (none without a pair).</summary>
public sealed record ClosedOutcome(Guid ReferralId, RouteKind? Route, IReadOnlyList<string> Concerns, string? AgeBand, DateOnly ClosedOn, IReadOnlyList<OutcomeMeasure> Changes);

/// <summary>The outcome report: one row per group that has a closed referral with both forms.</summary>
public sealed record OutcomeReport(int SmallCellSuppression, IReadOnlyList<OutcomeGroupFigures> Groups)
{
    /// <summary>The subscale whose lower scores the literature reads as better (Pre-mentalizing modes).</summary>
    public const string LowerReadAsBetter = "PM";

    /// <summary>The subscale whose moderate to high scores the literature reads as optimal (Interest and curiosity).</summary>
    public const string HigherReadAsOptimal = "IC";

    /// <summary>
    /// The figures of <paramref name="closed"/> per combination of <paramref name="groupBy"/>. Only
    /// referrals with a measured change count. A group, or a subscale within it, counting fewer than
    /// <paramref name="smallestCell"/> referrals shows its count and figures as null, marked suppressed.
    /// </summary>
    public static OutcomeReport Of(IEnumerable<ClosedOutcome> closed, IReadOnlyList<OutcomeGroup> groupBy, int smallestCell)
    {
        ArgumentNullException.ThrowIfNull(closed);
        ArgumentNullException.ThrowIfNull(groupBy);
        var measured = closed.Where(c => c.Changes.Count > 0).ToList();
        var codes = measured.SelectMany(c => c.Changes.Select(m => m.Code)).Distinct(StringComparer.Ordinal).ToList();
        var groups = measured
            .SelectMany(c => Keys(c, groupBy).Select(key => (Key: key, Referral: c)))
            .GroupBy(x => string.Join('\u001f', groupBy.Select(g => x.Key[g] ?? "\u00ff")), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Figures(g.First().Key, [.. g.Select(x => x.Referral)], codes, smallestCell))
            .ToList();
        return new OutcomeReport(smallestCell, groups);
    }

    private static IEnumerable<Dictionary<OutcomeGroup, string?>> Keys(ClosedOutcome referral, IReadOnlyList<OutcomeGroup> groupBy)
    {
        IEnumerable<Dictionary<OutcomeGroup, string?>> keys = [new()];
        foreach (var group in groupBy)
        {
            // A referral counts once under each of its concerns, as in the summary.
            IReadOnlyList<string?> values = group switch
            {
                OutcomeGroup.Route => [referral.Route is { } route ? EnumText.Name(route) : null],
                OutcomeGroup.Concern => referral.Concerns.Count == 0 ? [null] : [.. referral.Concerns],
                OutcomeGroup.AgeBand => [referral.AgeBand],
                _ => [referral.ClosedOn.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture)],
            };
            keys = [.. keys.SelectMany(k => values.Select(v => new Dictionary<OutcomeGroup, string?>(k) { [group] = v }))];
        }

        return keys;
    }

    private static OutcomeGroupFigures Figures(Dictionary<OutcomeGroup, string?> key, IReadOnlyList<ClosedOutcome> referrals, IReadOnlyList<string> codes, int smallestCell)
    {
        if (referrals.Count < smallestCell)
        {
            return new OutcomeGroupFigures(key, null, true, [.. codes.Select(c => new SubscaleFigures(c, null, null, true))], null, null);
        }

        List<decimal> ChangesOf(string code) => [.. referrals.SelectMany(r => r.Changes.Where(m => m.Code == code).Select(m => m.Change))];
        double? Share(string code, Func<decimal, bool> counted) =>
            ChangesOf(code) is { } changes && changes.Count >= smallestCell ? Math.Round((double)changes.Count(counted) / changes.Count, 4) : null;

        var subscales = codes.Select(code => ChangesOf(code) is { } changes && changes.Count >= smallestCell
            ? new SubscaleFigures(code, changes.Count, Median(changes), false)
            : new SubscaleFigures(code, null, null, true)).ToList();
        return new OutcomeGroupFigures(key, referrals.Count, false, subscales, Share(LowerReadAsBetter, c => c < 0), Share(HigherReadAsOptimal, c => c > 0));
    }

    private static decimal Median(List<decimal> values)
    {
        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}

/// <summary>
/// One group's figures. <see cref="Referrals"/> counts its closed referrals with both forms; null
/// with <see cref="Suppressed"/> when below the small-cell setting, and then every figure is null.
/// </summary>
public sealed record OutcomeGroupFigures(
    IReadOnlyDictionary<OutcomeGroup, string?> Key,
    int? Referrals,
    bool Suppressed,
    IReadOnlyList<SubscaleFigures> Subscales,
    double? PmLowerShare,
    double? IcHigherShare);

/// <summary>A subscale's median change (after minus before) over the group's referrals that measured it; null and suppressed below the small-cell setting.</summary>
public sealed record SubscaleFigures(string Code, int? Referrals, decimal? MedianChange, bool Suppressed);
