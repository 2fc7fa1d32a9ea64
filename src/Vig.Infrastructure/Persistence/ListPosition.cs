using Microsoft.EntityFrameworkCore;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// Rows of a table come back in no promised order, so the position of each parent/carer and
/// consent in its referral's list is stored beside it and read back with ORDER BY. The domain's
/// list order is the truth; this only keeps it across a save and a load.
/// </summary>
internal static class ListPosition
{
    public const string Column = "Position";

    public static void Record(DbContext db)
    {
        db.ChangeTracker.DetectChanges();
        foreach (var referral in db.ChangeTracker.Entries<Referral>().Where(e => e.State != EntityState.Deleted).Select(e => e.Entity).ToList())
        {
            Number(db, referral.ParentCarers);
            Number(db, referral.Consents);
        }
    }

    private static void Number<T>(DbContext db, IReadOnlyList<T> items)
        where T : class
    {
        for (var i = 0; i < items.Count; i++)
        {
            var position = db.Entry(items[i]).Property<int>(Column);
            if (position.CurrentValue != i)
            {
                position.CurrentValue = i;
            }
        }
    }
}
