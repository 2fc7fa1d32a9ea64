using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;
using Vig.Infrastructure.Persistence;
using Vig.Infrastructure.Reports;

namespace Vig.Api.Tests.Referrals;

/// <summary>
/// Referrals are read by one SQL statement (<see cref="ReferralDocument"/>), untracked for reads and
/// tracked for changes: for referrals that have been through every kind of change, both give what
/// EF Core's own load (Include, split queries) gives: every public property, lists in their order,
/// and for the tracked load every tracked entity's state and property values, shadow ones included
/// (positions, identity ids, foreign keys), current and original (ADR 0013).
/// </summary>
public sealed class ReferralDocumentTests(ApiFixture api) : ApiTestBase(api)
{
    private static readonly JsonSerializerOptions Everything = new() { WriteIndented = true };

    [Fact]
    public async Task TheOneStatementRead_BuildsTheReferralEfCoreLoads()
    {
        foreach (var referral in await Api.OfEveryShapeAsync())
        {
            var (efCore, efCoreTracked) = await LoadedByEfCoreAsync(referral.Id);
            Assert.Equal(efCore, await ReadInOneStatementAsync(referral.Id));
            Assert.Equal((efCore, efCoreTracked), await LoadedForAChangeAsync(referral.Id));
        }
    }

    private async Task<(string Referral, string Tracked)> LoadedByEfCoreAsync(Guid id)
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigDbContext>();
        var referral = await db.Referrals.Where(r => r.Id == id).WithEveryPart().SingleAsync();
        ReportRowKeeper.Loaded(db, referral); // as every load for a change does
        return (JsonSerializer.Serialize(referral, Everything), Tracked(db));
    }

    private async Task<(string Referral, string Tracked)> LoadedForAChangeAsync(Guid id)
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var referral = await scope.ServiceProvider.GetRequiredService<IReferralRepository>().FindAsync(id, null, CancellationToken.None);
        return (JsonSerializer.Serialize(referral, Everything), Tracked(scope.ServiceProvider.GetRequiredService<VigDbContext>()));
    }

    /// <summary>Every tracked entity: its type, state, and each property's current and original value.</summary>
    private static string Tracked(VigDbContext db) =>
        string.Join("\n", db.ChangeTracker.Entries()
            .Select(e => $"{e.Metadata.DisplayName()} {e.State}: " + string.Join(", ", e.Properties.Select(p =>
                $"{p.Metadata.Name}={Text(p.CurrentValue)}/{Text(p.OriginalValue)}")))
            .Order(StringComparer.Ordinal));

    private static string Text(object? value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable items and not string => "[" + string.Join(",", items.Cast<object?>().Select(Text)) + "]",
        IFormattable formattable => formattable.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private async Task<string> ReadInOneStatementAsync(Guid id)
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VigDbContext>();
        var rows = await db.Database
            .SqlQueryRaw<ReferralDocument>(ReferralDocument.Select + " WHERE r.id = @id", new Npgsql.NpgsqlParameter<Guid>("id", id))
            .ToListAsync();
        return JsonSerializer.Serialize(Assert.Single(rows).ToReferral(), Everything);
    }
}

/// <summary>EF Core's own load of a whole referral: every list, in its stored order.</summary>
internal static class WholeReferral
{
    public static IQueryable<Vig.Domain.Referrals.Referral> WithEveryPart(this IQueryable<Vig.Domain.Referrals.Referral> referrals) =>
        referrals
            .Include(r => r.ParentCarers.OrderBy(p => EF.Property<int>(p, ListPosition.Column)))
            .Include(r => r.Consents.OrderBy(c => EF.Property<int>(c, ListPosition.Column)))
            .Include(r => r.History.OrderBy(h => EF.Property<long>(h, "Id")))
            .Include(r => r.Evaluations.OrderBy(e => EF.Property<long>(e, "Id")))
            .Include(r => r.Questionnaires.OrderBy(q => EF.Property<long>(q, "Id")))
            .AsSplitQuery();
}
