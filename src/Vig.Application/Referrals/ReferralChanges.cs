using Vig.Application.Common;
using Vig.Application.Events;
using Vig.Domain.Common;
using Vig.Domain.Referrals;
using Vig.Domain.ServiceLevels;

namespace Vig.Application.Referrals;

/// <summary>
/// The one way a referral is written, creation included: the change is made as of now by the
/// calling client, and saved with its audit entry and its event (the outbox) in one transaction.
/// The answer is the changed referral as the client sees it, with the rules applied once.
/// </summary>
public sealed class ReferralChanges(IReferralRepository referrals, ReferralAccess access, ServiceClock clock, IAuditTrail audit, IEventOutbox outbox, ReferralResults results, ServiceMetrics metrics, ServiceLevelClocks clocks, PossibleDuplicates duplicates)
{
    /// <summary>Creates a referral with the next reference number of the year.</summary>
    public async Task<ReferralResult> CreateAsync(string action, Func<ReferralReference, Stamp, Referral> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        var stamp = clock.Stamp();
        var referral = create(ReferralReference.Create(stamp.On.Year, await referrals.NextNumberAsync(cancellationToken)), stamp);
        referrals.Add(referral);
        return await SaveAsync(referral, action, 0, cancellationToken);
    }

    /// <summary>Changes a referral this client may reach, if it is still at the version the client read.</summary>
    public async Task<ReferralResult> ChangeAsync(Guid id, int expectedVersion, string action, Action<Referral, Stamp> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var referral = await access.FindAsync(id, action, cancellationToken);
        if (referral.Version != expectedVersion)
        {
            throw new StaleVersionException();
        }

        var evaluationsBefore = referral.Evaluations.Count;
        change(referral, clock.Stamp());
        return await SaveAsync(referral, action, evaluationsBefore, cancellationToken);
    }

    private async Task<ReferralResult> SaveAsync(Referral referral, string action, int evaluationsBefore, CancellationToken cancellationToken)
    {
        referral.TrackClock(clocks);
        if (action is AuditActions.Submit or AuditActions.CreateAndSubmit)
        {
            await duplicates.LinkAsync(referral, clock.Stamp(), cancellationToken);
        }

        audit.Record(action, referral.Id);
        outbox.Add(ReferralEvent.For(action, referral));

        // The outcome summary exists once a referral is closed, and changes when a form after VIG joins it.
        if (referral.Status == ReferralStatus.Closed && action is AuditActions.Close or AuditActions.RecordQuestionnaire)
        {
            outbox.Add(ReferralEvent.OutcomeAvailable(referral));
        }
        await referrals.SaveChangesAsync(cancellationToken);
        metrics.Transition(action);

        // A submission or acceptance stores the evaluation of the referral as it now stands, made
        // today: the answer reuses it rather than applying the rules again.
        var result = await results.ForAsync(referral, referral.Evaluations.Count > evaluationsBefore ? referral.LatestEvaluation : null, cancellationToken);
        return await duplicates.ShownToCallerAsync(result, cancellationToken);
    }
}
