using FluentValidation.TestHelper;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Application.Reports;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Reports;

/// <summary>
/// The reports and the status look-up as the use cases see them: what a query may say, that every
/// report is recorded in the audit trail before it is read, and how row pages continue.
/// </summary>
public sealed class ReportUseCaseTests
{
    private const string RangeMessage = "Give a 'to' after 'from': the range is from 'from' (included) to 'to' (left out).";

    private static readonly DateOnly Day = new(2026, 6, 1);

    private static readonly ReportRange AllTime = new(null, null);

    private static readonly ReportRowFilter NoFilter = new(AllTime, null);

    // The summary.
    public static TheoryData<string, GetReferralSummary, string, string> RefusedSummaries => new()
    {
        { "to before from", new(new ReportRange(Day, Day.AddDays(-1)), []), "to", RangeMessage },
        { "to equal to from", new(new ReportRange(Day, Day), []), "to", RangeMessage },
        { "an unknown group", new(AllTime, [(SummaryGroup)99]), "groupBy[0]", "Use one or more of: status, route, concern, referrerRole, careSetting, ageBand, month, separated by commas." },
        { "a group twice", new(AllTime, [SummaryGroup.Month, SummaryGroup.Month]), "groupBy", "Name each group once." },
    };

    [Theory]
    [MemberData(nameof(RefusedSummaries))]
    public void ASpoiledSummaryQuery_IsRefused_NamingTheParameter(string what, GetReferralSummary query, string path, string message)
    {
        var error = Assert.Single(new GetReferralSummaryValidator().TestValidate(query).Errors);

        Assert.Equal((path, message), (error.PropertyName, error.ErrorMessage));
        Assert.NotEmpty(what);
    }

    [Fact]
    public void OpenEndedRanges_AndEveryGroupOnce_AreAccepted()
    {
        var validator = new GetReferralSummaryValidator();
        validator.TestValidate(new GetReferralSummary(new ReportRange(Day, Day.AddDays(1)), [.. Enum.GetValues<SummaryGroup>()])).ShouldNotHaveAnyValidationErrors();
        validator.TestValidate(new GetReferralSummary(new ReportRange(Day, null), [])).ShouldNotHaveAnyValidationErrors();
        validator.TestValidate(new GetReferralSummary(new ReportRange(null, Day), [])).ShouldNotHaveAnyValidationErrors();
        Assert.True(AllTime.IsAllTime);
        Assert.False(new ReportRange(Day, null).IsAllTime);
        Assert.False(new ReportRange(null, Day).IsAllTime);
    }

    [Fact]
    public async Task TheSummary_IsAuditedFirst_AndGroupsByStatusWhenNoGroupIsGiven()
    {
        var audit = new FakeAudit();
        var reports = new FakeReports(audit);
        var handler = new GetReferralSummaryHandler(reports, audit);

        var report = await handler.Handle(new GetReferralSummary(AllTime, []), CancellationToken.None);
        await handler.Handle(new GetReferralSummary(new ReportRange(Day, null), [SummaryGroup.AgeBand, SummaryGroup.Month]), CancellationToken.None);

        Assert.Same(reports.Summary, report);
        Assert.Equal([(AuditActions.Summary, (Guid?)null), (AuditActions.Summary, null)], audit.Read);
        Assert.Equal([SummaryGroup.Status], reports.SummaryAsked[0].GroupBy);
        Assert.Equal([SummaryGroup.AgeBand, SummaryGroup.Month], reports.SummaryAsked[1].GroupBy);
        Assert.Equal(new ReportRange(Day, null), reports.SummaryAsked[1].Range);
        Assert.Equal([1, 2], reports.AuditedBeforeRead);
    }

    // The service-level report.
    [Fact]
    public void AServiceLevelRange_EndingWhereItStarts_IsRefused_NamingTo()
    {
        var error = Assert.Single(new GetServiceLevelReportValidator().TestValidate(new GetServiceLevelReport(new ReportRange(Day, Day))).Errors);

        Assert.Equal(("to", RangeMessage), (error.PropertyName, error.ErrorMessage));
        new GetServiceLevelReportValidator().TestValidate(new GetServiceLevelReport(new ReportRange(Day, Day.AddDays(1)))).ShouldNotHaveAnyValidationErrors();
        new GetServiceLevelReportValidator().TestValidate(new GetServiceLevelReport(AllTime)).ShouldNotHaveAnyValidationErrors();
    }

    [Fact]
    public async Task TheServiceLevelReport_IsAuditedFirst_OverTheRangeAsked()
    {
        var audit = new FakeAudit();
        var reports = new FakeReports(audit);

        var report = await new GetServiceLevelReportHandler(reports, audit).Handle(new GetServiceLevelReport(new ReportRange(Day, null)), CancellationToken.None);

        Assert.Same(reports.ServiceLevels, report);
        Assert.Equal([(AuditActions.ServiceLevels, (Guid?)null)], audit.Read);
        Assert.Equal([new ReportRange(Day, null)], reports.ServiceLevelsAsked);
        Assert.Equal([1], reports.AuditedBeforeRead);
    }

    // The outcome report.
    public static TheoryData<string, GetOutcomeReport, string, string> RefusedOutcomeReports => new()
    {
        { "to before from", new(new ReportRange(Day, Day.AddDays(-1)), []), "to", RangeMessage },
        { "an unknown group", new(AllTime, [(OutcomeGroup)99]), "groupBy[0]", "Use one or more of: route, concern, ageBand, month, separated by commas." },
        { "a group twice", new(AllTime, [OutcomeGroup.Route, OutcomeGroup.Route]), "groupBy", "Name each group once." },
    };

    [Theory]
    [MemberData(nameof(RefusedOutcomeReports))]
    public void ASpoiledOutcomeReportQuery_IsRefused_NamingTheParameter(string what, GetOutcomeReport query, string path, string message)
    {
        var error = Assert.Single(new GetOutcomeReportValidator().TestValidate(query).Errors);

        Assert.Equal((path, message), (error.PropertyName, error.ErrorMessage));
        Assert.NotEmpty(what);
    }

    [Fact]
    public async Task TheOutcomeReport_IsAuditedFirst_CountsTheClosingDaysInTheRange_AndIsByMonthUnlessTold()
    {
        var audit = new FakeAudit();
        static ClosedOutcome ClosedOn(DateOnly day) => new(Guid.NewGuid(), RouteKind.CaseManagementDecision, ["autism"], "2-4", day, [new OutcomeMeasure("PM", -1m)]);
        var reports = new FakeReports(audit) { Closed = [ClosedOn(Day.AddDays(-1)), ClosedOn(Day), ClosedOn(Day.AddDays(1)), ClosedOn(Day.AddDays(2))] };
        var query = new GetOutcomeReport(new ReportRange(Day, Day.AddDays(2)), []);

        var report = await new GetOutcomeReportHandler(reports, audit, new OutcomeReportOptions { SmallCellSuppression = 1 }).Handle(query, CancellationToken.None);

        Assert.Equal([OutcomeGroup.Month], query.Groups);
        Assert.Equal([OutcomeGroup.Route], (query with { GroupBy = [OutcomeGroup.Route] }).Groups);
        Assert.Equal([(AuditActions.Outcomes, (Guid?)null)], audit.Read);
        Assert.Equal([1], reports.AuditedBeforeRead);
        Assert.Equal(("2026-06", 2), (report.Groups.Single().Key[OutcomeGroup.Month], report.Groups.Single().Referrals));
    }

    // The rows.
    public static TheoryData<string, ListReportRows, string, string> RefusedRowPages => new()
    {
        { "to before from", new(new ReportRowFilter(new ReportRange(Day, Day), null), null, null), "to", RangeMessage },
        { "an unknown status", new(new ReportRowFilter(AllTime, (ReferralStatus)99), null, null), "status", "Use one of: draft, submitted, informationRequested, accepted, declined, allocated, closed, withdrawn." },
        { "a limit of 0", new(NoFilter, null, 0), "Limit", "Ask for 1 to 1000 rows a page." },
        { "a limit one over the most", new(NoFilter, null, ListReportRows.MaxLimit + 1), "Limit", "Ask for 1 to 1000 rows a page." },
        { "a cursor of other text", new(NoFilter, "bm90IGEgY3Vyc29y", null), "Cursor", "Use the nextCursor of the previous page, unchanged." },
        { "an empty cursor", new(NoFilter, string.Empty, null), "Cursor", "Use the nextCursor of the previous page, unchanged." },
    };

    [Theory]
    [MemberData(nameof(RefusedRowPages))]
    public void ASpoiledRowsQuery_IsRefused_NamingTheParameter(string what, ListReportRows query, string path, string message)
    {
        var error = Assert.Single(new ListReportRowsValidator().TestValidate(query).Errors);

        Assert.Equal((path, message), (error.PropertyName, error.ErrorMessage));
        Assert.NotEmpty(what);
    }

    [Fact]
    public void TheExport_IsRefusedForTheSameFilters_AndAcceptsAnyValidOne()
    {
        var validator = new ExportReportRowsValidator();

        Assert.Equal(("to", RangeMessage), Single(validator.TestValidate(new ExportReportRows(new ReportRowFilter(new ReportRange(Day, Day.AddDays(-3)), null)))));
        Assert.Equal("status", Single(validator.TestValidate(new ExportReportRows(new ReportRowFilter(AllTime, (ReferralStatus)42)))).Path);
        validator.TestValidate(new ExportReportRows(new ReportRowFilter(new ReportRange(Day, Day.AddDays(1)), ReferralStatus.Closed))).ShouldNotHaveAnyValidationErrors();
        new ListReportRowsValidator().TestValidate(new ListReportRows(NoFilter, null, ListReportRows.MaxLimit)).ShouldNotHaveAnyValidationErrors();
        new ListReportRowsValidator().TestValidate(new ListReportRows(NoFilter, null, 1)).ShouldNotHaveAnyValidationErrors();

        static (string Path, string Message) Single(TestValidationResult<ExportReportRows> result)
        {
            var error = Assert.Single(result.Errors);
            return (error.PropertyName, error.ErrorMessage);
        }
    }

    [Fact]
    public async Task APageOfRows_AsksForOneMore_AndItsCursorContinuesAfterItsLastRow()
    {
        var audit = new FakeAudit();
        var reports = new FakeReports(audit) { Rows = [Row(1), Row(2), Row(3)] };
        var handler = new ListReportRowsHandler(reports, audit);

        var first = await handler.Handle(new ListReportRows(NoFilter, null, 2), CancellationToken.None);

        Assert.Equal([Row(1).Id, Row(2).Id], first.Items.Select(r => r.Id));
        Assert.Equal((null, 3), (reports.RowsAsked[0].After, reports.RowsAsked[0].Take));
        Assert.NotNull(first.NextCursor);

        var second = await handler.Handle(new ListReportRows(NoFilter, first.NextCursor, 2), CancellationToken.None);

        Assert.Equal(new ReportCursor(Row(2).CreatedAt, Row(2).Id), reports.RowsAsked[1].After);
        Assert.Equal([Row(3).Id], second.Items.Select(r => r.Id));
        Assert.Null(second.NextCursor);
        Assert.Equal([(AuditActions.Export, (Guid?)null), (AuditActions.Export, null)], audit.Read);
        Assert.Equal([1, 2], reports.AuditedBeforeRead);

        await handler.Handle(new ListReportRows(NoFilter, null, null), CancellationToken.None);
        Assert.Equal(ListReportRows.DefaultLimit + 1, reports.RowsAsked[2].Take);
    }

    [Fact]
    public async Task TheExport_IsAuditedBeforeAnyRowIsRead()
    {
        var audit = new FakeAudit();
        var reports = new FakeReports(audit) { Rows = [Row(1), Row(2)] };
        var filter = new ReportRowFilter(new ReportRange(Day, null), ReferralStatus.Closed);

        var rows = await new ExportReportRowsHandler(reports, audit).Handle(new ExportReportRows(filter), CancellationToken.None);

        Assert.Equal([(AuditActions.Export, (Guid?)null)], audit.Read);
        Assert.Empty(reports.AuditedBeforeRead);
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal(filter, reports.ExportedWith);
    }

    [Fact]
    public void ARow_GivesTheFirstDayOfAStatus()
    {
        var row = Row(1) with { StatusChanges = [new(ReferralStatus.Submitted, Day), new(ReferralStatus.InformationRequested, Day.AddDays(2)), new(ReferralStatus.Submitted, Day.AddDays(5))] };

        Assert.Equal(Day, row.FirstOn(ReferralStatus.Submitted));
        Assert.Equal(Day.AddDays(2), row.FirstOn(ReferralStatus.InformationRequested));
        Assert.Null(row.FirstOn(ReferralStatus.Closed));
    }

    // The status look-up.
    public static TheoryData<string, LookUpReferralStatus, string, string> RefusedLookUps => new()
    {
        { "neither", new(null, null), "ExternalCaseId", "Give externalCaseId (the child's case id in your system) or reference (e.g. VIG-2027-000123)." },
        { "an empty case id", new(string.Empty, null), "ExternalCaseId", "Give externalCaseId (the child's case id in your system) or reference (e.g. VIG-2027-000123)." },
        { "both", new("CASE-1", "VIG-2026-000001"), "ExternalCaseId", "Give externalCaseId or reference, not both." },
        { "a case id on two lines", new("CASE\n1", null), "ExternalCaseId", "Remove the control characters (such as NUL, tab or line breaks): this is one line of text." },
        { "a malformed reference", new(null, "VIG-26-1"), "Reference", "Use a reference as the service gave it: VIG-yyyy-nnnnnn." },
    };

    [Theory]
    [MemberData(nameof(RefusedLookUps))]
    public void ASpoiledLookUp_IsRefused_NamingTheParameter(string what, LookUpReferralStatus query, string path, string message)
    {
        var error = Assert.Single(new LookUpReferralStatusValidator().TestValidate(query).Errors);

        Assert.Equal((path, message), (error.PropertyName, error.ErrorMessage));
        Assert.NotEmpty(what);
    }

    [Fact]
    public void ALookUpByOneOrTheOther_IsAccepted()
    {
        var validator = new LookUpReferralStatusValidator();
        validator.TestValidate(new LookUpReferralStatus("CASE-1", null)).ShouldNotHaveAnyValidationErrors();
        validator.TestValidate(new LookUpReferralStatus(new string('c', Child.ExternalCaseIdMaxLength), null)).ShouldNotHaveAnyValidationErrors();
        validator.TestValidate(new LookUpReferralStatus(null, "VIG-2026-000001")).ShouldNotHaveAnyValidationErrors();
        Assert.Equal("ExternalCaseId", Assert.Single(validator.TestValidate(new LookUpReferralStatus(new string('c', Child.ExternalCaseIdMaxLength + 1), null)).Errors).PropertyName);
    }

    private static ReportRow Row(int i) => new(
        new Guid(i, 0, 0, new byte[8]), new DateTimeOffset(2026, 1, i, 9, 0, 0, TimeSpan.Zero), $"VIG-2026-{i:000000}", ReferralStatus.Submitted,
        RouteKind.CaseManagementDecision, ["autism"], ReferrerRole.SocialWorker, "2-4", CareSetting.BirthFamily, false, []);

    private sealed class FakeReports(FakeAudit audit) : IReportQueries
    {
        public SummaryReport Summary { get; } = new(0, [], [], new(0, null, null), new(0, null, null), new(0, 0, null), []);

        public List<(ReportRange Range, IReadOnlyList<SummaryGroup> GroupBy)> SummaryAsked { get; } = [];

        public List<(ReportRowFilter Filter, ReportCursor? After, int Take)> RowsAsked { get; } = [];

        public List<int> AuditedBeforeRead { get; } = [];

        public IReadOnlyList<ReportRow> Rows { get; init; } = [];

        public ReportRowFilter? ExportedWith { get; private set; }

        public ServiceLevelReport ServiceLevels { get; } = new([]);

        public List<ReportRange> ServiceLevelsAsked { get; } = [];

        public Task<ServiceLevelReport> ServiceLevelsAsync(ReportRange range, CancellationToken cancellationToken)
        {
            AuditedBeforeRead.Add(audit.Read.Count);
            ServiceLevelsAsked.Add(range);
            return Task.FromResult(ServiceLevels);
        }

        public Task<SummaryReport> SummaryAsync(ReportRange range, IReadOnlyList<SummaryGroup> groupBy, CancellationToken cancellationToken)
        {
            AuditedBeforeRead.Add(audit.Read.Count);
            SummaryAsked.Add((range, groupBy));
            return Task.FromResult(Summary);
        }

        public Task<IReadOnlyList<ReportRow>> RowsAsync(ReportRowFilter filter, ReportCursor? after, int take, CancellationToken cancellationToken)
        {
            AuditedBeforeRead.Add(audit.Read.Count);
            RowsAsked.Add((filter, after, take));
            var rest = Rows.Where(r => after is null || (r.CreatedAt, r.Id).CompareTo((after.CreatedAt, after.Id)) > 0);
            return Task.FromResult<IReadOnlyList<ReportRow>>([.. rest.Take(take)]);
        }

        public IReadOnlyList<ClosedOutcome> Closed { get; init; } = [];

        public Task<IReadOnlyList<ClosedOutcome>> ClosedOutcomesAsync(CancellationToken cancellationToken)
        {
            AuditedBeforeRead.Add(audit.Read.Count);
            return Task.FromResult(Closed);
        }

        public async IAsyncEnumerable<ReportRow> AllRowsAsync(ReportRowFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        {
            ExportedWith = filter;
            foreach (var row in Rows)
            {
                await Task.Yield();
                yield return row;
            }
        }
    }
}
