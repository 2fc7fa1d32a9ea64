using Microsoft.EntityFrameworkCore;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence;

/// <summary>Possible duplicates as EF Core maps them: the search is one statement on the indexes of the child's case id and of its match name with its date of birth.</summary>
internal sealed class PossibleDuplicateStore(VigDbContext db) : IPossibleDuplicateStore
{
    public async Task<IReadOnlyList<DuplicateCandidate>> CandidatesAsync(Guid referralId, Child? child, DateTimeOffset finishedSince, int take, CancellationToken cancellationToken)
    {
        if (child is null)
        {
            return [];
        }

        var (caseId, name, born) = (child.ExternalCaseId, child.Name, child.DateOfBirth);
        var open = PossibleDuplicate.OpenStatuses;
        var finished = PossibleDuplicate.FinishedStatuses;
        var others = db.Referrals.AsNoTracking()
            .Where(r => r.Id != referralId && (open.Contains(r.Status) || (finished.Contains(r.Status) && r.UpdatedAt >= finishedSince)));

        // A missing case id must not be in the SQL: it would match every referral that lacks one too.
        others = caseId is null
            ? others.Where(r => EF.Property<string?>(r.Child!, ChildMatching.MatchName) == ChildMatching.MatchNameOf(name) && r.Child!.DateOfBirth == born)
            : others.Where(r => r.Child!.ExternalCaseId == caseId
                || (EF.Property<string?>(r.Child!, ChildMatching.MatchName) == ChildMatching.MatchNameOf(name) && r.Child!.DateOfBirth == born));
        var pairs = db.Set<PossibleDuplicate>();
        return await others
            .OrderByDescending(r => r.UpdatedAt)
            .Take(take)
            .Select(r => new DuplicateCandidate(
                r.Id,
                caseId != null && r.Child!.ExternalCaseId == caseId,
                EF.Property<string?>(r.Child!, ChildMatching.MatchName) == ChildMatching.MatchNameOf(name) && r.Child!.DateOfBirth == born,
                pairs.Any(p => (p.FirstReferralId == r.Id && p.SecondReferralId == referralId) || (p.FirstReferralId == referralId && p.SecondReferralId == r.Id))))
            .ToListAsync(cancellationToken);
    }

    public void Add(PossibleDuplicate pair) => db.Add(pair);

    public async Task<IReadOnlyList<LinkedReferral>> OfAsync(Guid referralId, CancellationToken cancellationToken)
    {
        var linked = await db.Set<PossibleDuplicate>().AsNoTracking()
            .Where(p => p.FirstReferralId == referralId || p.SecondReferralId == referralId)
            .Join(db.Referrals, p => p.FirstReferralId == referralId ? p.SecondReferralId : p.FirstReferralId, r => r.Id, (p, r) => new { Pair = p, r.Id, r.Reference, r.Status })
            .OrderBy(x => x.Pair.FoundAt).ThenBy(x => x.Id)
            .ToListAsync(cancellationToken);
        return [.. linked.Select(x => new LinkedReferral(x.Pair, x.Id, x.Reference, x.Status))];
    }

    public Task<PossibleDuplicate?> FindAsync(Guid referralId, Guid otherReferralId, CancellationToken cancellationToken) =>
        db.Set<PossibleDuplicate>().TagWith(StatementTags.ForUpdate).SingleOrDefaultAsync(
            p => (p.FirstReferralId == referralId && p.SecondReferralId == otherReferralId) || (p.FirstReferralId == otherReferralId && p.SecondReferralId == referralId),
            cancellationToken);

    public Task<bool> IsReachableAsync(Guid referralId, string? createdBy, CancellationToken cancellationToken) =>
        (createdBy is null ? db.Referrals : db.Referrals.Where(r => r.CreatedBy == createdBy)).AnyAsync(r => r.Id == referralId, cancellationToken);
}
