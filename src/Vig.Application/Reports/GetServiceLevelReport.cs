using FluentValidation;
using MediatR;
using Vig.Application.Common;

namespace Vig.Application.Reports;

/// <summary>
/// The team's decisions and the allocations per month in which their clocks stopped (the council's
/// calendar, <see cref="Range"/> on the day of the stop): how many, the share within target and the
/// median working days (ADR 0032). A decision is a decision clock the team stopped (accepted,
/// declined or asked for information); an allocation, an allocation clock stopped by allocating. A
/// withdrawal stops a clock too, but measures nothing the team did, so it is left out. Counts only.
/// </summary>
public sealed record GetServiceLevelReport(ReportRange Range) : IRequest<ServiceLevelReport>;

/// <summary>The months in which a decision or an allocation clock stopped, oldest first.</summary>
public sealed record ServiceLevelReport(IReadOnlyList<ServiceLevelMonth> Months);

/// <summary>One month (yyyy-MM): its decisions and its allocations.</summary>
public sealed record ServiceLevelMonth(string Month, ClockFigures Decisions, ClockFigures Allocations);

/// <summary>Clocks stopped in a month: how many, how many before their due time, that share (0 to 1) and the median working days; null without clocks.</summary>
public sealed record ClockFigures(int Count, int WithinTarget, double? ShareWithinTarget, double? MedianWorkingDays)
{
    public static readonly ClockFigures None = new(0, 0, null, null);
}

public sealed class GetServiceLevelReportValidator : AbstractValidator<GetServiceLevelReport>
{
    public GetServiceLevelReportValidator() =>
        RuleFor(x => x.Range).Must(ReportRanges.IsOrdered).OverridePropertyName("to").WithMessage(ReportRanges.Message);
}

public sealed class GetServiceLevelReportHandler(IReportQueries reports, IAuditTrail audit) : IRequestHandler<GetServiceLevelReport, ServiceLevelReport>
{
    public async Task<ServiceLevelReport> Handle(GetServiceLevelReport request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // Recorded first (on the primary): the report itself may come from a read-only replica.
        await audit.RecordReadAsync(AuditActions.ServiceLevels, null, cancellationToken);
        return await reports.ServiceLevelsAsync(request.Range, cancellationToken);
    }
}
