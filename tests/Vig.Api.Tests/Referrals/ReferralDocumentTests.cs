using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Vig.Api.Tests.Fixtures;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;
using Vig.Infrastructure.Persistence;

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
        var closed = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true, withConsents: true));
        closed = await Api.ChangeAsync(closed, "accept");
        closed = await Api.ChangeAsync(closed, "allocate", new JsonObject { ["practitioner"] = "Practitioner One" });
        closed = await Api.ChangeAsync(closed, "questionnaires", ReferralApi.PrfqForm(closed.MotherId), System.Net.HttpStatusCode.Created);
        closed = await Api.ChangeAsync(closed, "questionnaires", ReferralApi.PrfqForm(closed.MotherId, _ => 7), System.Net.HttpStatusCode.Created);
        var consentId = closed.Json.GetProperty("consents")[0].GetProperty("id").GetString();
        closed = await Api.ChangeAsync(closed, $"consents/{consentId}/withdraw", new JsonObject());
        closed = await Api.ChangeAsync(closed, "close", new JsonObject { ["outcome"] = "completed", ["comment"] = "Goals met." });

        var asked = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        asked = await Api.ChangeAsync(asked, "request-information", new JsonObject { ["comment"] = "Please confirm the hoped-for change is agreed." });

        var declined = await Api.CreateAsync(ReferralApi.EligibleBody(submit: true));
        declined = await Api.ChangeAsync(declined, "decline", new JsonObject { ["reasonCode"] = "duplicate", ["comment"] = "Open elsewhere." });

        var bare = ReferralApi.EligibleBody();
        foreach (var part in new[] { "route", "referrer", "child", "readiness", "views", "concernAccount" })
        {
            bare.Remove(part);
        }

        bare["parentCarers"] = new JsonArray();
        bare["concerns"] = new JsonArray();
        var draft = await Api.CreateAsync(bare);

        foreach (var referral in new[] { closed, asked, declined, draft })
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
        var referral = await db.Referrals.Where(r => r.Id == id)
            .Include(r => r.ParentCarers.OrderBy(p => EF.Property<int>(p, ListPosition.Column)))
            .Include(r => r.Consents.OrderBy(c => EF.Property<int>(c, ListPosition.Column)))
            .Include(r => r.History.OrderBy(h => EF.Property<long>(h, "Id")))
            .Include(r => r.Evaluations.OrderBy(e => EF.Property<long>(e, "Id")))
            .Include(r => r.Questionnaires.OrderBy(q => EF.Property<long>(q, "Id")))
            .AsSplitQuery()
            .SingleAsync();
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
