using MediatR;

namespace Vig.Application.ReferenceData;

/// <summary>The ten concern categories a referral can name, in the service's order.</summary>
public sealed record ListConcernCategories : IRequest<IReadOnlyList<ConcernCategoryDto>>;

public sealed record ConcernCategoryDto(string Code, string Title, string Description);

public sealed class ListConcernCategoriesHandler(IReferenceData referenceData) : IRequestHandler<ListConcernCategories, IReadOnlyList<ConcernCategoryDto>>
{
    private readonly IReferenceData _referenceData = referenceData;

    public async Task<IReadOnlyList<ConcernCategoryDto>> Handle(ListConcernCategories request, CancellationToken cancellationToken)
    {
        var categories = await _referenceData.ConcernCategoriesAsync(cancellationToken);
        return categories.Select(c => new ConcernCategoryDto(c.Code, c.Title, c.Description)).ToList();
    }
}
