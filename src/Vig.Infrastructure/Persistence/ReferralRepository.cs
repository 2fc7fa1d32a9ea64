using Microsoft.EntityFrameworkCore;
using Npgsql;
using Vig.Infrastructure.Audit;
using Vig.Infrastructure.Reports;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence;

internal sealed class ReferralRepository(VigDbContext db, ReferenceNumbers numbers, ReadAudit audit) : IReferralRepository
{
    private readonly VigDbContext _db = db;

    // A read and its audit record in one statement (docs/decisions/0013): the data-modifying CTE
    // runs whether or not a referral is found, so found, foreign and missing cost the same.
    private const string ReadAndRecord =
        $$"""
        WITH found AS (
        {{ReferralDocument.Select}}
         WHERE r.id = @id /* creator */
        ),
        """;

    private static readonly string ReadAnyAndRecord = Statement(string.Empty);
    private static readonly string ReadOwnAndRecord = Statement("AND r.created_by = @created_by");

    // The creator is in the WHERE clause, so a referral of another client is not even read: it costs
    // what a missing one costs. One statement, one snapshot (ReferralDocument), tracked for the
    // change. Inside a keyed request's transaction the row is locked FOR UPDATE until the commit:
    // nobody can change the version between this load and the save, so the save cannot fail half
    // done on a stale version, and EF Core needs no savepoint around it (ADR 0008;
    // PostgresIdempotencyStore turns EF Core's automatic savepoints off for that transaction).
    public async Task<Referral?> FindAsync(Guid id, string? createdBy, CancellationToken cancellationToken)
    {
        var locked = _db.Database.CurrentTransaction is not null;
        List<NpgsqlParameter> parameters = [new NpgsqlParameter<Guid>("id", id)];
        if (createdBy is not null)
        {
            parameters.Add(new NpgsqlParameter<string>("created_by", createdBy));
        }

        var sql = (createdBy, locked) switch
        {
            (null, false) => FindAny,
            (null, true) => FindAnyLocked,
            (_, false) => FindOwn,
            (_, true) => FindOwnLocked,
        };
        var rows = await _db.Database.SqlQueryRaw<ReferralDocument>(sql, [.. parameters]).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }

        var referral = rows[0].TrackIn(_db);
        ReportRowKeeper.Loaded(_db, referral);
        return referral;
    }

    private const string FindAny = ReferralDocument.Select + "\n WHERE r.id = @id";
    private const string FindOwn = FindAny + " AND r.created_by = @created_by";
    private const string FindAnyLocked = FindAny + "\n FOR UPDATE OF r";
    private const string FindOwnLocked = FindOwn + "\n FOR UPDATE OF r";

    public async Task<Referral?> ReadAsync(Guid id, string? createdBy, string action, CancellationToken cancellationToken)
    {
        List<NpgsqlParameter> parameters = [new NpgsqlParameter<Guid>("id", id), .. audit.Parameters(action, id)];
        if (createdBy is not null)
        {
            parameters.Add(new NpgsqlParameter<string>("created_by", createdBy));
        }

        var rows = await _db.Database
            .SqlQueryRaw<ReferralDocument>(createdBy is null ? ReadAnyAndRecord : ReadOwnAndRecord, [.. parameters])
            .ToListAsync(cancellationToken);
        return rows.Count == 0 ? null : rows[0].ToReferral();
    }

    // Newest first; the case id and the reference have indexes of their own. Every referral found is
    // audited by the same statement, and a look-up that finds none is audited as refused.
    public async Task<IReadOnlyList<Referral>> ReadManyAsync(ReferralLookup lookup, string? createdBy, int take, string action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        List<NpgsqlParameter> parameters = [new NpgsqlParameter<int>("take", take), .. audit.Parameters(action, null)];
        var conditions = new List<string>();
        if (lookup.ExternalCaseId is { } caseId)
        {
            conditions.Add("r.child_external_case_id = @case_id");
            parameters.Add(new NpgsqlParameter<string>("case_id", caseId));
        }

        if (lookup.Reference is { } reference)
        {
            conditions.Add("r.reference = @reference");
            parameters.Add(new NpgsqlParameter<string>("reference", reference));
        }

        if (createdBy is not null)
        {
            conditions.Add("r.created_by = @created_by");
            parameters.Add(new NpgsqlParameter<string>("created_by", createdBy));
        }

        var sql = $"""
            WITH found AS (
            {ReferralDocument.Select}
             WHERE {string.Join(" AND ", conditions)}
             ORDER BY r.created_at DESC, r.id DESC
             LIMIT @take
            ),
            {ReadAudit.CteForEach("found")}
            SELECT * FROM found ORDER BY created_at DESC, id DESC
            """;
        var rows = await _db.Database.SqlQueryRaw<ReferralDocument>(sql, [.. parameters]).ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.ToReferral())];
    }

    private static string Statement(string creatorFilter) =>
        ReadAndRecord.Replace("/* creator */", creatorFilter, StringComparison.Ordinal)
        + ReadAudit.Cte("CASE WHEN EXISTS (SELECT FROM found) THEN @audit_action ELSE @audit_refused END")
        + "\nSELECT * FROM found";

    public ValueTask<long> NextNumberAsync(CancellationToken cancellationToken) => numbers.NextAsync(_db, cancellationToken);

    // A new referral is not tracked: it is written by the next save as plain INSERTs (ADR 0020).
    private Referral? _created;

    public void Add(Referral referral) => _created = referral;

    public async Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        if (_created is { } created)
        {
            _created = null;
            await _db.InsertNewAsync(created, cancellationToken);
            return;
        }

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
