using Vig.Application.Common;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// The same child referred twice (docs/decisions/0030-possible-duplicates.md): every submission looks
/// for other referrals of the child and links them as possible duplicates, which only the VIG team sees.
/// </summary>
public sealed class PossibleDuplicates(IPossibleDuplicateStore store, ReferralAccess access, IAuditTrail audit)
{
    /// <summary>
    /// Links <paramref name="submitted"/> with every other referral of the same child that is open, or
    /// closed or declined in the last <see cref="PossibleDuplicate.FinishedWithinMonths"/> months, unless the
    /// two are paired already (a dismissed pair included). It runs on every submission whoever submits,
    /// one statement whenever the referral names a child, so that neither the answer nor its timing
    /// tells a referrer about another client's referral. The pairs and their audit entries are saved
    /// with the submission.
    /// </summary>
    public async Task LinkAsync(Referral submitted, Stamp stamp, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        ArgumentNullException.ThrowIfNull(stamp);
        var candidates = await store.CandidatesAsync(
            submitted.Id, submitted.Child, stamp.At.AddMonths(-PossibleDuplicate.FinishedWithinMonths), PossibleDuplicate.MaxFoundPerSubmission, cancellationToken);
        foreach (var candidate in candidates.Where(c => !c.AlreadyPaired))
        {
            store.Add(PossibleDuplicate.Found(submitted.Id, candidate.ReferralId, candidate.SameExternalCaseId, candidate.SameNameAndDateOfBirth, stamp));

            // The submission is recorded on its own referral; the other one learns here who matched it.
            audit.Record(AuditActions.FindPossibleDuplicate, candidate.ReferralId);
        }
    }

    /// <summary>
    /// <paramref name="result"/> with what only the VIG team sees (<see cref="ReferralResult.Duplicates"/>)
    /// when the caller is the team; for anyone else it is returned as it is, without a look-up.
    /// </summary>
    public async Task<ReferralResult> ShownToCallerAsync(ReferralResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        return access.SeesPossibleDuplicates
            ? result with { Duplicates = new DuplicatesView(await store.OfAsync(result.Referral.Id, cancellationToken), result.Referral.DuplicateOf) }
            : result;
    }

    /// <summary>Whether the caller may see a referral with this id: what a decline as a duplicate may name.</summary>
    public Task<bool> IsVisibleAsync(Guid referralId, CancellationToken cancellationToken) =>
        store.IsReachableAsync(referralId, access.CreatedByFilter, cancellationToken);
}

/// <summary>What only the VIG team sees of a referral: the possible duplicates, oldest first, and the referral it was declined as a duplicate of.</summary>
public sealed record DuplicatesView(IReadOnlyList<LinkedReferral> PossibleDuplicates, Guid? DuplicateOf);

/// <summary>A possible duplicate seen from one referral of the pair: the pair, and the other referral as it stands now.</summary>
public sealed record LinkedReferral(PossibleDuplicate Pair, Guid ReferralId, ReferralReference Reference, ReferralStatus Status);

/// <summary>Another referral of the same child, as the search finds it.</summary>
public sealed record DuplicateCandidate(Guid ReferralId, bool SameExternalCaseId, bool SameNameAndDateOfBirth, bool AlreadyPaired);

/// <summary>Where possible duplicates are kept; pairs join the request's unit of work.</summary>
public interface IPossibleDuplicateStore
{
    /// <summary>
    /// Up to <paramref name="take"/> referrals other than <paramref name="referralId"/> of the same child: the
    /// same case id, or the same date of birth and name (case, whitespace, accents and invisible characters
    /// aside); open, or closed or declined since <paramref name="finishedSince"/>; most recently changed
    /// first, each saying whether it is paired with <paramref name="referralId"/> already. One statement, on indexes.
    /// </summary>
    Task<IReadOnlyList<DuplicateCandidate>> CandidatesAsync(Guid referralId, Child? child, DateTimeOffset finishedSince, int take, CancellationToken cancellationToken);

    /// <summary>Adds a pair; it is saved with the next save of the request.</summary>
    void Add(PossibleDuplicate pair);

    /// <summary>Every pair the referral is in, dismissed ones included, in the order they were found.</summary>
    Task<IReadOnlyList<LinkedReferral>> OfAsync(Guid referralId, CancellationToken cancellationToken);

    /// <summary>The pair of the two referrals, tracked and locked in the request's transaction until it ends; null when they are not paired.</summary>
    Task<PossibleDuplicate?> FindAsync(Guid referralId, Guid otherReferralId, CancellationToken cancellationToken);

    /// <summary>Whether a referral with this id exists that a client reaches (<paramref name="createdBy"/> as in <see cref="ReferralAccess.CreatedByFilter"/>).</summary>
    Task<bool> IsReachableAsync(Guid referralId, string? createdBy, CancellationToken cancellationToken);
}
