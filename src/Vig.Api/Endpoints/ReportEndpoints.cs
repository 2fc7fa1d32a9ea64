using MediatR;
using Vig.Application.Common;
using Vig.Application.Reports;

namespace Vig.Api.Endpoints;

/// <summary>Aggregates for reporting tools: counts only, no names, dates of birth or free text.</summary>
internal static class ReportEndpoints
{
    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        api.MapGet("/reports/referrals", async (IMediator mediator, CancellationToken ct) =>
                TypedResults.Ok(await mediator.Send(new GetReferralStatistics(), ct)))
            .RequireAuthorization(Scopes.Reports)
            .WithTags("Reports")
            .WithName("GetReferralStatistics")
            .WithSummary("How many referrals there are, by status, route, referrer role and concern");
        return api;
    }
}
