using MediatR;
using Microsoft.AspNetCore.Http.HttpResults;
using Vig.Api.Contracts;
using Vig.Application.Common;
using Vig.Application.Reports;

namespace Vig.Api.Endpoints;

/// <summary>Aggregates for reporting tools: counts only, no names, dates of birth or free text.</summary>
internal static class ReportEndpoints
{
    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/referrals", Statistics)
            .RequireAuthorization(Scopes.Reports)
            .WithTags("Reports")
            .WithName("GetReferralStatistics")
            .WithSummary("How many referrals there are, by status, route, referrer role and concern");
        return api;
    }

    private static async Task<Ok<ReferralStatisticsResponse>> Statistics(IMediator mediator, CancellationToken ct) =>
        TypedResults.Ok(ReferralStatisticsResponse.From(await mediator.Send(new GetReferralStatistics(), ct)));
}
