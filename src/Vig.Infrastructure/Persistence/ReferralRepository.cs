using Microsoft.EntityFrameworkCore;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence;

internal sealed class ReferralRepository(VigDbContext db) : IReferralRepository
{
    private readonly VigDbContext _db = db;

    // The creator is in the WHERE clause, so a referral of another client is not even read: it costs
    // what a missing one costs. History and evaluations are kept in the order they happened: their
    // identity keys say it, parent/carers and consents their stored positions; without an ORDER BY
    // PostgreSQL promises no order.
    public Task<Referral?> FindAsync(Guid id, string? createdBy, CancellationToken cancellationToken)
    {
        var referrals = _db.Referrals.Where(r => r.Id == id);
        if (createdBy is not null)
        {
            referrals = referrals.Where(r => r.CreatedBy == createdBy);
        }

        return referrals
            .Include(r => r.ParentCarers.OrderBy(p => EF.Property<int>(p, ListPosition.Column)))
            .Include(r => r.Consents.OrderBy(c => EF.Property<int>(c, ListPosition.Column)))
            .Include(r => r.History.OrderBy(h => EF.Property<long>(h, "Id")))
            .Include(r => r.Evaluations.OrderBy(e => EF.Property<long>(e, "Id")))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<long> NextNumberAsync(CancellationToken cancellationToken)
    {
        var connection = _db.Database.GetDbConnection();
        await _db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT nextval('{VigDbContext.ReferralNumberSequence}')";
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        finally
        {
            await _db.Database.CloseConnectionAsync();
        }
    }

    public void Add(Referral referral) => _db.Referrals.Add(referral);

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new StaleVersionException("The referral was changed by another request at the same time. GET it again and retry with the new ETag.", ex);
        }
    }
}
