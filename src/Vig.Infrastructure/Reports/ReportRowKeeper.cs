using Microsoft.EntityFrameworkCore;
using Vig.Application.Reports;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Reports;

/// <summary>
/// Keeps each referral's report row and the summary's counts in the save that changes the referral
/// (ADR 0021): the row is <see cref="ReferralReportRow.Of"/> the referral, the counts change by
/// <see cref="CountChange.Between"/> the row before and after; a clock the change stopped adds its
/// <see cref="ReferralClockRow"/> (ADR 0032). A write path calls
/// <see cref="Loaded"/> when it loads a referral to change it, and <see cref="Persistence.VigDbContext"/>'s
/// save calls <see cref="BeforeSave"/>.
/// </summary>
internal static class ReportRowKeeper
{
    /// <summary>
    /// Tracks the row of a referral just loaded for a change, and the rows of its stopped clocks, as
    /// they stand (computed, not read: they are what the last saves wrote), so that the save updates
    /// only the columns that change, and the counts change by the difference, without reading the row first. An anonymised referral's row
    /// is final (it can no longer change, and its band cannot be worked out again), so it is left alone.
    /// </summary>
    public static void Loaded(DbContext db, Referral referral)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(referral);
        if (referral.AnonymisedAt is null)
        {
            db.Attach(ReferralReportRow.Of(referral, before: null));
            db.AttachRange(ReferralClockRow.Of(referral));
        }
    }

    /// <summary>
    /// For every referral <paramref name="db"/> tracks: adds its row (a new referral) or brings the
    /// tracked row up to date, adds a row for each clock stopped since it was loaded, and adds the
    /// save's count changes as one row. Safe to call again before a save that is
    /// tried again: the count changes not saved yet are worked out afresh.
    /// </summary>
    public static void BeforeSave(DbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        var tracker = db.ChangeTracker;
        var referrals = tracker.Entries<Referral>().ToList();
        if (referrals.Count == 0)
        {
            return;
        }

        foreach (var pending in tracker.Entries<ReferralCountChanges>().Where(e => e.State == EntityState.Added).ToList())
        {
            pending.State = EntityState.Detached;
        }

        var changes = new List<CountChange>();

        var rows = db.Set<ReferralReportRow>().Local;
        var clocks = db.Set<ReferralClockRow>().Local;
        foreach (var entry in referrals)
        {
            var referral = entry.Entity;
            var tracked = rows.FindEntry(referral.Id);
            if (tracked is null)
            {
                if (entry.State != EntityState.Added)
                {
                    if (referral.AnonymisedAt is not null)
                    {
                        continue;
                    }

                    throw new InvalidOperationException($"Referral {referral.Id} is saved without its report row: the path that loaded it must call {nameof(ReportRowKeeper)}.{nameof(Loaded)}.");
                }

                var row = ReferralReportRow.Of(referral, before: null);
                db.Add(row);
                changes.AddRange(CountChange.Between(null, row));
            }
            else
            {
                var before = tracked.State == EntityState.Added ? null : (ReferralReportRow)tracked.OriginalValues.ToObject();
                var after = ReferralReportRow.Of(referral, before);
                tracked.CurrentValues.SetValues(after);
                changes.AddRange(CountChange.Between(before, after));
            }

            // The clocks it held as stopped when loaded are attached; one stopped since is new.
            foreach (var clock in ReferralClockRow.Of(referral).Where(c => clocks.FindEntryUntyped([c.ReferralId, c.Kind, c.Since]) is null))
            {
                db.Add(clock);
            }
        }

        if (changes.Count > 0)
        {
            db.Add(new ReferralCountChanges(changes));
        }
    }
}
