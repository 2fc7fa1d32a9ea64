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
/// Reads are built by one SQL statement (<see cref="ReferralDocument"/>), writes load through EF
/// Core: for referrals that have been through every kind of change, both give the same referral,
/// every public property compared, lists in their order (ADR 0013).
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
            Assert.Equal(await LoadedByEfCoreAsync(referral.Id), await ReadInOneStatementAsync(referral.Id));
        }
    }

    private async Task<string> LoadedByEfCoreAsync(Guid id)
    {
        await using var scope = Fixture.Factory.Services.CreateAsyncScope();
        var referral = await scope.ServiceProvider.GetRequiredService<IReferralRepository>().FindAsync(id, null, CancellationToken.None);
        return JsonSerializer.Serialize(referral, Everything);
    }

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
