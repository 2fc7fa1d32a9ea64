using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Vig.Api.Contracts;
using Vig.Api.OpenApi;
using Vig.Application.Common;
using Vig.Application.Reports;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.Endpoints;

/// <summary>Reports for reporting tools: aggregates and one row per referral, no names, dates of birth, contact details or free text.</summary>
internal static class ReportEndpoints
{
    public const string CsvMediaType = "text/csv";

    /// <summary>The CSV columns, in order; the status columns hold the day each status was first reached.</summary>
    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "reference", "status", "route", "concerns", "referrer_role", "age_band", "care_setting", "send",
        "created_on", "submitted_on", "information_requested_on", "accepted_on", "declined_on", "allocated_on", "closed_on", "withdrawn_on",
        "status_changes",
    ];

    private static readonly Model.ReferralStatus[] FirstReached =
    [
        Model.ReferralStatus.Submitted, Model.ReferralStatus.InformationRequested, Model.ReferralStatus.Accepted, Model.ReferralStatus.Declined,
        Model.ReferralStatus.Allocated, Model.ReferralStatus.Closed, Model.ReferralStatus.Withdrawn,
    ];

    // Rows are handed to the response in chunks of this many, so memory stays flat whatever the export's size.
    private const int RowsPerChunk = 500;

    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/summary", Summary)
            .RequireAuthorization(Scopes.Reports)
            .WithTags("Reports")
            .WithName("GetReportSummary")
            .WithSummary("Counts per group, declines by reason, days to decision and to allocation, information requests and unmet rules")
            .WithDescription("Covers the referrals whose referral date (the day of first submission, in the council's calendar) is on or after `from` and before `to`; with neither, every referral, drafts included. `groupBy` takes one or more of status, route, concern, referrerRole, careSetting, ageBand, month, separated by commas (default status); a referral counts once under each of its concerns. Counts only: no personal data.");

        api.MapGet("/reports/referrals", Rows)
            .RequireAuthorization(Scopes.Reports)
            .WithTags("Reports")
            .WithName("ListReportRows")
            .WithSummary("One row per referral, non-identifying fields only: JSON pages, or the whole export as CSV")
            .WithDescription($"Send `Accept: text/csv` for every row as CSV (RFC 4180, UTF-8, a header line, streamed as it is read; columns {string.Join(", ", CsvColumns)}). Otherwise JSON pages ordered by creation, oldest first: follow `next`; every referral that existed when paging began comes exactly once, even while referrals are added. `from`, `to` and `status` filter both. No names, dates of birth, free text, contact details or case ids.")
            .WithMetadata(new AnswersCsv($"RFC 4180 CSV with a header line: {string.Join(",", CsvColumns)}. Several concerns or status changes in one field are separated by semicolons."));

        api.MapGet("/reports/service-levels", ServiceLevels)
            .RequireAuthorization(Scopes.Reports)
            .WithTags("Reports")
            .WithName("GetServiceLevelReport")
            .WithSummary("Decisions and allocations per month: how many, the share within target, the median working days")
            .WithDescription($"Per month of the council's calendar in which the clocks stopped (ADR 0031, 0032), on days from `from` (included) to `to` (left out); with neither, every month. A decision is a decision clock the team stopped by accepting, declining or asking for information; an allocation, an allocation clock stopped by allocating. Clocks a withdrawal stopped are left out. Each clock counts against the target it started with; working days are Monday to Friday except the bank holidays of England and Wales. Send `Accept: text/csv` for the same as CSV (columns {string.Join(", ", ServiceLevelCsvColumns)}). Counts only: no personal data.")
            .WithMetadata(new AnswersCsv($"RFC 4180 CSV with a header line: {string.Join(",", ServiceLevelCsvColumns)}. One line per month and clock (decision, allocation), oldest month first; empty share and median where the count is 0."))
            .WithMetadata(new AnswerExample(OpenApiExample.ServiceLevelReport, OpenApiExample.ServiceLevelReportCsv));
        api.MapGet("/reports/outcomes", Outcomes)
            .RequireAuthorization(Scopes.Reports)
            .WithTags("Reports")
            .WithName("GetOutcomeReport")
            .WithSummary("Outcomes measured before and after VIG, per group: referrals with both forms, median change per subscale, share with PM lower and IC higher")
            .WithDescription("Covers the referrals closed on or after `from` and before `to` (their closing day in the council's calendar). A referral counts when a parent/carer has a form before and one after VIG on the same questionnaire version; with several such parent/carers, their changes are averaged. `groupBy` takes one or more of route, concern, ageBand, month (month closed; the default), separated by commas. A group or subscale counting fewer referrals than Reports__SmallCellSuppression (default 5) is suppressed: its numbers are null and `suppressed` is true (in CSV: empty cells, suppressed true). Send `Accept: text/csv` for the same rows as CSV. Descriptive only: no threshold, no verdict.")
            .WithMetadata(new AnswersCsv("RFC 4180 CSV with a header line: route,concern,age_band,month,referrals,suppressed, then median_change_<code> and referrals_<code> per subscale code, then pm_lower_share,ic_higher_share. Suppressed figures are empty cells."))
            .WithMetadata(new AnswerExample(OpenApiExample.OutcomeReport, OpenApiExample.OutcomeReportCsv));
        return api;
    }

    private static async Task<Results<Ok<OutcomeReportResponse>, FileContentHttpResult>> Outcomes([AsParameters] OutcomeReportQuery query, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var request = query.ToRequest();
        var report = await mediator.Send(request, ct);
        return WantsCsv(http.Request)
            ? TypedResults.File(OutcomeCsv(request, report), $"{CsvMediaType}; charset=utf-8; header=present")
            : TypedResults.Ok(OutcomeReportResponse.Of(request, report));
    }

    private static readonly string[] OutcomeCsvColumns = ["route", "concern", "age_band", "month", "referrals", "suppressed"];

    private static readonly Application.Reports.OutcomeGroup[] OutcomeDimensions =
        [Application.Reports.OutcomeGroup.Route, Application.Reports.OutcomeGroup.Concern, Application.Reports.OutcomeGroup.AgeBand, Application.Reports.OutcomeGroup.Month];

    // A few dozen rows at most: written whole. A suppressed figure is an empty cell, as in the JSON it is null.
    private static byte[] OutcomeCsv(GetOutcomeReport request, OutcomeReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }))
        {
            var codes = report.Groups.Count == 0 ? [] : report.Groups[0].Subscales.Select(s => s.Code).ToList();
            foreach (var column in OutcomeCsvColumns
                .Concat(codes.SelectMany(c => new[] { $"median_change_{c}", $"referrals_{c}" }))
                .Concat(["pm_lower_share", "ic_higher_share"]))
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var group in report.Groups)
            {
                foreach (var dimension in OutcomeDimensions)
                {
                    csv.WriteField(request.Groups.Contains(dimension) && group.Key.TryGetValue(dimension, out var value) ? value ?? string.Empty : string.Empty);
                }

                csv.WriteField(Number(group.Referrals));
                csv.WriteField(group.Suppressed ? "true" : "false");
                foreach (var subscale in group.Subscales)
                {
                    csv.WriteField(subscale.MedianChange?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
                    csv.WriteField(Number(subscale.Referrals));
                }

                csv.WriteField(group.PmLowerShare?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
                csv.WriteField(group.IcHigherShare?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
                csv.NextRecord();
            }
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }

    private static string Number(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>The service-level report's CSV columns, in order.</summary>
    public static readonly IReadOnlyList<string> ServiceLevelCsvColumns = ["month", "clock", "count", "within_target", "share_within_target", "median_working_days"];

    private static async Task<Results<Ok<ServiceLevelReportResponse>, ContentHttpResult>> ServiceLevels([AsParameters] ServiceLevelReportQuery query, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        var request = query.ToRequest();
        var report = await mediator.Send(request, ct);
        return WantsCsv(http.Request)
            ? TypedResults.Text(ServiceLevelCsv(report), $"{CsvMediaType}; charset=utf-8; header=present")
            : TypedResults.Ok(ServiceLevelReportResponse.Of(request, report));
    }

    // A line per month and clock: a few hundred lines for decades, so written whole.
    private static string ServiceLevelCsv(ServiceLevelReport report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" }))
        {
            foreach (var column in ServiceLevelCsvColumns)
            {
                csv.WriteField(column);
            }

            csv.NextRecord();
            foreach (var month in report.Months)
            {
                foreach (var (clock, figures) in new[] { ("decision", month.Decisions), ("allocation", month.Allocations) })
                {
                    csv.WriteField(month.Month);
                    csv.WriteField(clock);
                    csv.WriteField(figures.Count.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(figures.WithinTarget.ToString(CultureInfo.InvariantCulture));
                    csv.WriteField(figures.ShareWithinTarget?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
                    csv.WriteField(figures.MedianWorkingDays?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
                    csv.NextRecord();
                }
            }
        }

        return text.ToString();
    }

    private static async Task<Ok<ReportSummaryResponse>> Summary([AsParameters] ReportSummaryQuery query, IMediator mediator, CancellationToken ct)
    {
        var request = query.ToRequest();
        return TypedResults.Ok(ReportSummaryResponse.Of(request, await mediator.Send(request, ct)));
    }

    private static async Task<Results<Ok<ReportRowPageResponse>, PushStreamHttpResult>> Rows([AsParameters] ReportRowsQuery query, IMediator mediator, HttpContext http, CancellationToken ct)
    {
        if (WantsCsv(http.Request))
        {
            // Validated and audited before the first byte is written.
            var rows = await mediator.Send(new ExportReportRows(query.ToFilter()), ct);
            return TypedResults.Stream(body => WriteCsvAsync(rows, body, ct), $"{CsvMediaType}; charset=utf-8; header=present");
        }

        var page = await mediator.Send(query.ToRequest(), ct);
        return TypedResults.Ok(ReportRowPageResponse.From(page, page.NextCursor is null ? null : ReferralEndpoints.NextLink(http, page.NextCursor)));
    }

    private static bool WantsCsv(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(CsvMediaType, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);

    // CsvHelper writes into a small buffer that is copied to the response every few hundred rows, so
    // the export never holds more than a chunk, and Kestrel's body is only written asynchronously.
    private static async Task WriteCsvAsync(IAsyncEnumerable<ReportRow> rows, Stream body, CancellationToken ct)
    {
        using var chunk = new MemoryStream();
        await using var text = new StreamWriter(chunk, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await using var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" });

        async Task SendAsync()
        {
            await csv.FlushAsync();
            await text.FlushAsync(ct);
            chunk.Position = 0;
            await chunk.CopyToAsync(body, ct);
            chunk.SetLength(0);
        }

        foreach (var column in CsvColumns)
        {
            csv.WriteField(column);
        }

        await csv.NextRecordAsync();
        var written = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            csv.WriteField(row.Reference);
            csv.WriteField(EnumText.Name(row.Status));
            csv.WriteField(row.Route is { } route ? EnumText.Name(route) : string.Empty);
            csv.WriteField(string.Join(';', row.Concerns));
            csv.WriteField(row.ReferrerRole is { } role ? EnumText.Name(role) : string.Empty);
            csv.WriteField(row.AgeBand ?? string.Empty);
            csv.WriteField(row.CareSetting is { } setting ? EnumText.Name(setting) : string.Empty);
            csv.WriteField(row.HasSend switch { true => "true", false => "false", null => string.Empty });
            csv.WriteField(Day(row.StatusChanges.Count == 0 ? null : row.StatusChanges[0].On));
            foreach (var status in FirstReached)
            {
                csv.WriteField(Day(row.FirstOn(status)));
            }

            csv.WriteField(string.Join(';', row.StatusChanges.Select(c => $"{EnumText.Name(c.Status)} {Day(c.On)}")));
            await csv.NextRecordAsync();
            if (++written % RowsPerChunk == 0)
            {
                await SendAsync();
            }
        }

        await SendAsync();
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;
}
