using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;

namespace Vig.Application.Reports;

/// <summary>
/// A page of report rows (one per referral, non-identifying fields only), oldest referral first.
/// Rows are ordered by creation and id, which never change, so following the cursor gives every
/// referral that existed when paging began exactly once, even while referrals are added.
/// </summary>
public sealed record ListReportRows(ReportRowFilter Filter, string? Cursor, int? Limit) : IRequest<ReportRowPage>
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;
}

public sealed record ReportRowPage(IReadOnlyList<ReportRow> Items, string? NextCursor);

/// <summary>Every report row, for CSV: the rows are read as they are written out.</summary>
public sealed record ExportReportRows(ReportRowFilter Filter) : IRequest<IAsyncEnumerable<ReportRow>>;

public sealed class ListReportRowsValidator : AbstractValidator<ListReportRows>
{
    public ListReportRowsValidator()
    {
        RuleFor(x => x.Filter.Range).Must(ReportRanges.IsOrdered).OverridePropertyName("to").WithMessage(ReportRanges.Message);
        RuleFor(x => x.Filter.Status).IsInEnum().OverridePropertyName("status").WithMessage($"Use one of: {EnumText.Names<ReferralStatus>()}.");
        RuleFor(x => x.Limit).InclusiveBetween(1, ListReportRows.MaxLimit).WithMessage($"Ask for 1 to {ListReportRows.MaxLimit} rows a page.");
        RuleFor(x => x.Cursor).Cascade(CascadeMode.Stop).SingleLine().Must(c => CursorText.TryDecode(c, out var cursor) && cursor!.Order == ReferralSort.UpdatedAt).When(x => x.Cursor is not null)
            .WithMessage("Use the nextCursor of the previous page, unchanged.");
    }
}

public sealed class ExportReportRowsValidator : AbstractValidator<ExportReportRows>
{
    public ExportReportRowsValidator()
    {
        RuleFor(x => x.Filter.Range).Must(ReportRanges.IsOrdered).OverridePropertyName("to").WithMessage(ReportRanges.Message);
        RuleFor(x => x.Filter.Status).IsInEnum().OverridePropertyName("status").WithMessage($"Use one of: {EnumText.Names<ReferralStatus>()}.");
    }
}

internal static class ReportRanges
{
    public const string Message = "Give a 'to' after 'from': the range is from 'from' (included) to 'to' (left out).";

    public static bool IsOrdered(ReportRange range) => range.From is not { } from || range.To is not { } to || from < to;
}

public sealed class ListReportRowsHandler(IReportQueries reports, IAuditTrail audit) : IRequestHandler<ListReportRows, ReportRowPage>
{
    public async Task<ReportRowPage> Handle(ListReportRows request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        CursorText.TryDecode(request.Cursor, out var cursor);
        var take = request.Limit ?? ListReportRows.DefaultLimit;

        // Recorded first (on the primary): the rows may come from a read-only replica.
        await audit.RecordReadAsync(AuditActions.Export, null, cancellationToken);
        var rows = await reports.RowsAsync(request.Filter, cursor is null ? null : new ReportCursor(cursor.At, cursor.Id), take + 1, cancellationToken);
        var items = rows.Take(take).ToList();
        var next = rows.Count > take ? CursorText.Encode(new ReferralCursor(items[^1].CreatedAt, items[^1].Id)) : null;
        return new ReportRowPage(items, next);
    }
}

public sealed class ExportReportRowsHandler(IReportQueries reports, IAuditTrail audit) : IRequestHandler<ExportReportRows, IAsyncEnumerable<ReportRow>>
{
    public async Task<IAsyncEnumerable<ReportRow>> Handle(ExportReportRows request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await audit.RecordReadAsync(AuditActions.Export, null, cancellationToken);
        return reports.AllRowsAsync(request.Filter, cancellationToken);
    }
}
