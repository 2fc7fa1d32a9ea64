using Microsoft.EntityFrameworkCore;
using Vig.Application.Common;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// A request may run again only if nothing of it can have reached the database as a write: no
/// transaction of its own is open (an idempotent request's transaction retries at its start
/// instead) and it has not yet tried to save.
/// </summary>
internal sealed class DatabaseRetryPolicy(VigDbContext db, DatabaseFailures failures) : IRequestRetryPolicy
{
    public bool CanRetry(Exception failure) =>
        db.Database.CurrentTransaction is null && !db.HasTriedToSave && failures.IsUnavailable(failure);

    public void PrepareRetry()
    {
        db.Forget();
        db.Database.CloseConnection();
    }
}
