using FluentValidation;
using MediatR;
using Vig.Application.Common;

namespace Vig.Application.Reports;

/// <summary>
/// Aggregates over the referrals in <see cref="Range"/> (see <see cref="ReportRange"/>): counts per
/// group, declines by reason, days from submission to decision and from acceptance to
/// allocation (median and 90th percentile), the share of submissions that needed more
/// information, and the acceptance rules most often unmet. Counts only: no personal data.
/// </summary>
public sealed record GetReferralSummary(ReportRange Range, IReadOnlyList<SummaryGroup> GroupBy) : IRequest<SummaryReport>
{
    /// <summary>Grouped by status when no groupBy is given.</summary>
    public static readonly IReadOnlyList<SummaryGroup> DefaultGroupBy = [SummaryGroup.Status];
}

public sealed class GetReferralSummaryValidator : AbstractValidator<GetReferralSummary>
{
    public GetReferralSummaryValidator()
    {
        RuleFor(x => x.Range).Must(ReportRanges.IsOrdered)
            .OverridePropertyName("to")
            .WithMessage(ReportRanges.Message);
        RuleForEach(x => x.GroupBy).IsInEnum().OverridePropertyName("groupBy")
            .WithMessage($"Use one or more of: {EnumText.Names<SummaryGroup>()}, separated by commas.");
        RuleFor(x => x.GroupBy).Must(g => g.Distinct().Count() == g.Count).OverridePropertyName("groupBy")
            .WithMessage("Name each group once.");
    }
}

public sealed class GetReferralSummaryHandler(IReportQueries reports, IAuditTrail audit) : IRequestHandler<GetReferralSummary, SummaryReport>
{
    public async Task<SummaryReport> Handle(GetReferralSummary request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Recorded first (on the primary): the report itself may come from a read-only replica.
        await audit.RecordReadAsync(AuditActions.Summary, null, cancellationToken);
        return await reports.SummaryAsync(request.Range, request.GroupBy.Count == 0 ? GetReferralSummary.DefaultGroupBy : request.GroupBy, cancellationToken);
    }
}
