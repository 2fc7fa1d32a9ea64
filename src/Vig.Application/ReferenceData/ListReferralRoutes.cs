using MediatR;
using Vig.Domain.Referrals;

namespace Vig.Application.ReferenceData;

/// <summary>The two routes through which the service takes requests.</summary>
public sealed record ListReferralRoutes : IRequest<IReadOnlyList<ReferralRouteDto>>;

public sealed record ReferralRouteDto(RouteKind Kind, string Abbreviation, string Title, string Reference)
{
    /// <summary>The longest abbreviation (CMD, FFL); the document promises it.</summary>
    public const int AbbreviationMaxLength = 8;

    /// <summary>The longest title or reference text; the document promises it.</summary>
    public const int TextMaxLength = 200;

    public string Abbreviation { get; init; } = Within(Abbreviation, AbbreviationMaxLength);

    public string Title { get; init; } = Within(Title, TextMaxLength);

    public string Reference { get; init; } = Within(Reference, TextMaxLength);

    private static string Within(string text, int maxLength) =>
        text.Length <= maxLength ? text : throw new ArgumentOutOfRangeException(nameof(text), $"At most {maxLength} characters: '{text}'.");
}

public sealed class ListReferralRoutesHandler : IRequestHandler<ListReferralRoutes, IReadOnlyList<ReferralRouteDto>>
{
    /// <summary>One per route kind, in the order listed.</summary>
    public static readonly IReadOnlyList<ReferralRouteDto> Routes =
    [
        new(RouteKind.CaseManagementDecision, "CMD", "Case Management Decision", "The case-management system's reference of the decision."),
        new(RouteKind.FoundationsForLife, "FFL", "Foundations For Life plan", "The reference of the Foundations For Life plan."),
    ];

    public Task<IReadOnlyList<ReferralRouteDto>> Handle(ListReferralRoutes request, CancellationToken cancellationToken) => Task.FromResult(Routes);
}
