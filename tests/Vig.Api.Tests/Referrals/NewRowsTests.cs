using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Domain.Common;
using Vig.Infrastructure.Audit;
using Vig.Infrastructure.Events;
using Vig.Infrastructure.Persistence;

namespace Vig.Api.Tests.Referrals;

/// <summary>
/// A create is written by <see cref="NewRows"/>, not by SaveChanges (ADR 0020). For referrals with
/// every part filled (and one with none, and one anonymised), with an audit entry and an event beside
/// them, both write the same rows: every column of every table, positions and foreign keys included;
/// only the ids the database generates may differ. Each write is rolled back.
/// </summary>
public sealed class NewRowsTests(ApiFixture api) : ApiTestBase(api)
{
    // Each table's rows for one referral, in a stable order, without the identity ids the database numbers.
    private static readonly string[] Dumps =
    [
        "SELECT to_jsonb(t) FROM referrals t WHERE id = @id",
        "SELECT to_jsonb(t) FROM referral_parent_carers t WHERE referral_id = @id ORDER BY position",
        "SELECT to_jsonb(t) FROM referral_concerns t WHERE referral_id = @id ORDER BY category_code",
        "SELECT to_jsonb(t) FROM referral_consents t WHERE referral_id = @id ORDER BY position",
        "SELECT to_jsonb(t) - 'id' FROM referral_status_history t WHERE referral_id = @id ORDER BY id",
        "SELECT to_jsonb(t) - 'id' FROM referral_evaluations t WHERE referral_id = @id ORDER BY id",
        "SELECT to_jsonb(t) - 'id' FROM referral_questionnaires t WHERE referral_id = @id ORDER BY id",
        "SELECT to_jsonb(t) FROM referral_report_rows t WHERE referral_id = @id",
        "SELECT to_jsonb(t) - 'id' FROM audit_events t WHERE referral_id = @id AND action = 'new-rows-test' ORDER BY id",
        "SELECT to_jsonb(t) - 'position' - 'transaction_id' FROM referral_events t WHERE referral_id = @id AND type = 'new-rows-test' ORDER BY position",
    ];

    // The same event id for both writes (each is rolled back).
    private static readonly Guid EventId = Guid.Parse("01a24e52-0000-7000-8000-00000000e7e7");

    [Fact]
    public async Task NewRows_WritesWhatSaveChangesWrites()
    {
        var shapes = await Api.OfEveryShapeAsync();
        var closed = shapes[0].Id;
        foreach (var (id, anonymise) in shapes.Select(r => (r.Id, false)).Append((closed, true)))
        {
            var byNewRows = await WrittenAsync(id, anonymise, (db, referral, token) => db.InsertNewAsync(referral, token));
            var bySaveChanges = await WrittenAsync(id, anonymise, async (db, referral, token) =>
            {
                db.Referrals.Add(referral);
                await db.SaveChangesAsync(token);
            });

            Assert.Equal(bySaveChanges, byNewRows);
            if (id == closed)
            {
                // Every table has rows to compare for the closed referral.
                Assert.DoesNotContain("[]", bySaveChanges);
            }
        }
    }

    [Fact]
    public async Task NewRows_WithoutATransaction_WritesAllOrNothing()
    {
        var created = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigDbContext>();
        var referral = await db.Referrals.AsNoTracking().Where(r => r.Id == created.Id).WithEveryPart().SingleAsync();
        await db.Database.ExecuteSqlAsync($"DELETE FROM referrals WHERE id = {created.Id}");

        // The last row of the command breaks a NOT NULL constraint: the rows before it must go too.
        db.Append(new AuditEvent { OccurredAt = referral.UpdatedAt, ClientId = null!, Action = "new-rows-test", ReferralId = created.Id, CorrelationId = "correlation" });
        var failure = await Assert.ThrowsAsync<PostgresException>(() => db.InsertNewAsync(referral, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.NotNullViolation, failure.SqlState);
        Assert.Equal(0, await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM referral_status_history WHERE referral_id = {created.Id}").SingleAsync());
        Assert.Equal(0, await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM referrals WHERE id = {created.Id}").SingleAsync());
    }

    // Loads the referral untracked, then in a transaction that is rolled back: removes its rows, adds
    // an audit entry and an event, writes the referral with <paramref name="write"/>, and reads the rows back.
    private async Task<string[]> WrittenAsync(Guid id, bool anonymise, Func<VigDbContext, Vig.Domain.Referrals.Referral, CancellationToken, Task> write)
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigDbContext>();
        var referral = await db.Referrals.AsNoTracking().Where(r => r.Id == id).WithEveryPart().SingleAsync();
        if (anonymise)
        {
            referral.Anonymise(new Stamp("new-rows-test", referral.UpdatedAt.AddYears(8), DateOnly.FromDateTime(referral.UpdatedAt.AddYears(8).UtcDateTime)));
        }

        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlAsync($"DELETE FROM referrals WHERE id = {id}");
        db.Append(new AuditEvent { OccurredAt = referral.UpdatedAt, ClientId = "new-rows-client", Subject = null, Action = "new-rows-test", ReferralId = id, CorrelationId = "correlation" });
        db.Append(new StoredEvent
        {
            Id = EventId,
            Type = "new-rows-test",
            OccurredAt = referral.UpdatedAt,
            ReferralId = id,
            Reference = referral.Reference.Value,
            Status = referral.Status.ToString(),
            Version = referral.Version,
            OwningClient = referral.CreatedBy,
            Verdict = "Eligible",
            ReasonCode = null,
            Outcome = "Completed",
        });
        await write(db, referral, CancellationToken.None);
        Assert.DoesNotContain(db.ChangeTracker.Entries(), e => e.State != EntityState.Unchanged);

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var rows = new string[Dumps.Length];
        for (var i = 0; i < Dumps.Length; i++)
        {
            await using var command = new NpgsqlCommand($"SELECT coalesce(jsonb_pretty(jsonb_agg(x)), '[]') FROM ({Dumps[i]}) AS d(x)", connection, (NpgsqlTransaction)transaction.GetDbTransaction());
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", id));
            rows[i] = (string)(await command.ExecuteScalarAsync())!;
        }

        await transaction.RollbackAsync();
        Assert.NotEqual("[]", rows[0]);
        return rows;
    }
}
