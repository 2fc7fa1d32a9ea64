using MediatR;
using Vig.Domain.Referrals;

namespace Vig.Application.ReferenceData;

/// <summary>The two routes through which the service takes requests.</summary>
public sealed record ListReferralRoutes : IRequest<IReadOnlyList<ReferralRouteDto>>;

public sealed record ReferralRouteDto(RouteKind Kind, string Abbreviation, string Title, string Reference);

public sealed class ListReferralRoutesHandler : IRequestHandler<ListReferralRoutes, IReadOnlyList<ReferralRouteDto>>
{
    private static readonly IReadOnlyList<ReferralRouteDto> Routes =
    [
        new(RouteKind.CaseManagementDecision, "CMD", "Case Management Decision", "The case-management system's reference of the decision."),
        new(RouteKind.FoundationsForLife, "FFL", "Foundations For Life plan", "The reference of the Foundations For Life plan."),
    ];

    public Task<IReadOnlyList<ReferralRouteDto>> Handle(ListReferralRoutes request, CancellationToken cancellationToken) => Task.FromResult(Routes);
}
