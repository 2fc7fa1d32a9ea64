using Microsoft.EntityFrameworkCore;
using Vig.Application.Common;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// A request may run again only if nothing of it can have reached the database as a write: it has
/// not sent a COMMIT (until then the server rolls back what a lost connection left open), and it
/// does not run in a keyed request's transaction (that one retries at its start instead).
/// </summary>
internal sealed class DatabaseRetryPolicy(VigDbContext db, DatabaseFailures failures) : IRequestRetryPolicy
{
    public bool CanRetry(Exception failure) =>
        !db.InRequestTransaction && !db.HasTriedToCommit && failures.IsUnavailable(failure);

    public void PrepareRetry()
    {
        db.Forget();
        db.Database.CloseConnection();
    }
}
