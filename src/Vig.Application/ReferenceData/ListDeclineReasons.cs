using MediatR;

namespace Vig.Application.ReferenceData;

/// <summary>The coded reasons for declining a referral.</summary>
public sealed record ListDeclineReasons : IRequest<IReadOnlyList<DeclineReasonDto>>;

public sealed record DeclineReasonDto(string Code, string Title);

public sealed class ListDeclineReasonsHandler(IReferenceData referenceData) : IRequestHandler<ListDeclineReasons, IReadOnlyList<DeclineReasonDto>>
{
    public async Task<IReadOnlyList<DeclineReasonDto>> Handle(ListDeclineReasons request, CancellationToken cancellationToken) =>
        [.. (await referenceData.DeclineReasonsAsync(cancellationToken)).Select(r => new DeclineReasonDto(r.Code, r.Title))];
}
