using Microsoft.EntityFrameworkCore;
using Vig.Application.Common;
using Vig.Infrastructure.Persistence;

namespace Vig.Infrastructure.Audit;

/// <summary>Audit entries join the request's unit of work, so a change and its entry commit together.</summary>
internal sealed class EfAuditTrail(VigDbContext db, ICurrentClient client, TimeProvider time) : IAuditTrail
{
    public void Record(string action, Guid? referralId) => db.Add(new AuditEvent
    {
        OccurredAt = time.GetUtcNow(),
        ClientId = client.ClientId,
        Subject = client.Subject,
        Action = action,
        ReferralId = referralId,
        CorrelationId = client.CorrelationId,
    });

    public async Task RecordReadAsync(string action, Guid? referralId, CancellationToken cancellationToken)
    {
        Record(action, referralId);
        await db.SaveAsync(cancellationToken);
    }

    // The same path as a read: through the request's DbContext, so it joins the request's
    // transaction when there is one and commits it when it is the request's own (a change refused
    // at its load). Nothing else is tracked yet when access is refused.
    public Task RecordRefusedAsync(string action, Guid requestedId, CancellationToken cancellationToken) =>
        RecordReadAsync(action + AuditEntry.RefusedSuffix, requestedId, cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ForReferralAsync(Guid referralId, CancellationToken cancellationToken) =>
        await db.Set<AuditEvent>().AsNoTracking()
            .Where(e => e.ReferralId == referralId)
            .OrderBy(e => e.Id)
            .Select(e => new AuditEntry(e.OccurredAt, e.ClientId, e.Subject, e.Action, e.ReferralId, e.CorrelationId))
            .ToListAsync(cancellationToken);
}
