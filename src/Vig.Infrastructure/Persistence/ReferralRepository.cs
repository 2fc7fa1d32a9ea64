using Microsoft.EntityFrameworkCore;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;
using Vig.Infrastructure.Audit;
using Vig.Infrastructure.Reports;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// Referrals as EF Core maps them, one row each (ADR 0023), and loaded by EF Core's own queries. A
/// change loads its referral tracked, in the change's transaction, and saves it with its audit entry
/// and event by one SaveChanges. The creator is part of every query, so a referral of another client
/// costs and looks the same as a missing one.
/// </summary>
internal sealed class ReferralRepository(VigDbContext db, ReferenceNumbers numbers, ReadAudit audit) : IReferralRepository
{
    // Locked until the commit, so nobody changes the version between this load and the save: a keyed
    // request never stores an answer for a save that failed half done (ADR 0008).
    public async Task<Referral?> FindAsync(Guid id, string? createdBy, CancellationToken cancellationToken)
    {
        await db.BeginAsync(cancellationToken);
        var referral = await Reachable(createdBy).TagWith(StatementTags.ForUpdate).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (referral is not null)
        {
            ReportRowKeeper.Loaded(db, referral);
        }

        return referral;
    }

    // One statement with its audit record, which is written whether or not the referral is found.
    public async Task<Referral?> ReadAsync(Guid id, string? createdBy, string action, CancellationToken cancellationToken)
    {
        db.AuditNextRead(audit.Of(action, id));
        return await Reachable(createdBy).AsNoTracking().TagWith(StatementTags.AuditedRead).SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
    }

    // Newest first; the case id and the reference have indexes of their own. Each referral found is
    // audited by the same statement, and a look-up that finds none is audited as refused.
    public async Task<IReadOnlyList<Referral>> ReadManyAsync(ReferralLookup lookup, string? createdBy, int take, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        var found = Reachable(createdBy).AsNoTracking().TagWith(StatementTags.AuditedRead);
        found = lookup.ExternalCaseId is { } caseId
            ? found.Where(r => r.Child!.ExternalCaseId == caseId)
            : found.Where(r => r.Reference == ReferralReference.Parse(lookup.Reference!));
        db.AuditNextRead(audit.OfEach(action));
        var referrals = await found.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(take).ToListAsync(cancellationToken);

        // The statement's outer SELECT reads the CTE in no promised order.
        return [.. referrals.OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)];
    }

    public ValueTask<long> NextNumberAsync(CancellationToken cancellationToken) => numbers.NextAsync(db, cancellationToken);

    public void Add(Referral referral) => db.Referrals.Add(referral);

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        await db.BeginAsync(cancellationToken);
        try
        {
            await db.SaveAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new StaleVersionException("The referral was changed by another request at the same time. GET it again and retry with the new ETag.", ex);
        }
    }

    private IQueryable<Referral> Reachable(string? createdBy) =>
        createdBy is null ? db.Referrals : db.Referrals.Where(r => r.CreatedBy == createdBy);
}
