using Vig.Domain.Common;

namespace Vig.Domain.Questionnaires;

/// <summary>
/// Every questionnaire version the service knows. The current version of a questionnaire is its
/// highest; older versions stay so that forms filled on them can still be scored and recorded.
/// The current versions' age ranges may not overlap, so a child's age picks at most one.
/// </summary>
public sealed class QuestionnaireCatalogue
{
    /// <summary>The most versions the service holds (all questionnaires together).</summary>
    public const int MaxVersions = 100;

    private QuestionnaireCatalogue(IReadOnlyList<Questionnaire> all)
    {
        All = all;
        Current = [.. all.GroupBy(q => q.Id).Select(g => g.MaxBy(q => q.Version)!).OrderBy(q => q.Ages.FromYears).ThenBy(q => q.Id, StringComparer.Ordinal)];
    }

    /// <summary>Every version, by id then version.</summary>
    public IReadOnlyList<Questionnaire> All { get; }

    /// <summary>The highest version of each questionnaire, youngest age range first.</summary>
    public IReadOnlyList<Questionnaire> Current { get; }

    /// <exception cref="ArgumentException">None or more than <see cref="MaxVersions"/> versions, two versions share an id and version number, or two current versions' age ranges overlap.</exception>
    public static QuestionnaireCatalogue Of(IEnumerable<Questionnaire> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var all = versions.OrderBy(q => q.Id, StringComparer.Ordinal).ThenBy(q => q.Version).ToList();
        if (all.Count is 0 or > MaxVersions)
        {
            throw new ArgumentException($"Give 1 to {MaxVersions} questionnaire versions (got {all.Count}).");
        }

        if (all.GroupBy(q => (q.Id, q.Version)).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Questionnaire '{twice.Key.Id}' version {twice.Key.Version} is defined twice.");
        }

        var catalogue = new QuestionnaireCatalogue(all);
        var current = catalogue.Current;
        for (var i = 1; i < current.Count; i++)
        {
            if (current[i].Ages.FromYears <= current[i - 1].Ages.ToYears)
            {
                throw new ArgumentException(
                    $"The age ranges of '{current[i - 1].Id}' version {current[i - 1].Version} and '{current[i].Id}' version {current[i].Version} overlap; a child's age must pick one version.");
            }
        }

        return catalogue;
    }

    /// <summary>The version with this id and number; without a number, the current one.</summary>
    /// <exception cref="DomainException">No such questionnaire or version (404).</exception>
    public Questionnaire Find(string id, int? version) =>
        (version is null ? Current.FirstOrDefault(q => q.Id == id) : All.FirstOrDefault(q => q.Id == id && q.Version == version))
        ?? throw new DomainException(QuestionnaireErrors.NotFound(id));

    /// <summary>The current version for a child born on <paramref name="dateOfBirth"/>, by their age in whole years on <paramref name="today"/>.</summary>
    /// <exception cref="DomainException">No current version is for that age (404).</exception>
    public Questionnaire ForChild(DateOnly dateOfBirth, DateOnly today)
    {
        var age = Age.InYears(dateOfBirth, today);
        return Current.FirstOrDefault(q => q.IsFor(age)) ?? throw new DomainException(QuestionnaireErrors.NoneForAge(age));
    }
}
