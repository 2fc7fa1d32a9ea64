using System.Net;
using System.Text;
using Npgsql;
using Vig.Api.OpenApi;
using Vig.Api.Tests.Fixtures;

namespace Vig.Api.Tests.Security;

/// <summary>An acceptance check reads personal data without storing it: the audit trail still records it, once.</summary>
public sealed class AcceptanceCheckAuditTests(ApiFixture api) : ApiTestBase(api)
{
    [Fact]
    public async Task AcceptanceCheck_LeavesExactlyOneAuditRecord_ByItsClient()
    {
        var before = await AuditCountAsync();

        using var response = await Client.PostAsync(new Uri("/api/v1/acceptance-checks", UriKind.Relative), new StringContent(OpenApiExample.EligibleCheck, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(before + 1, await AuditCountAsync());
    }

    private async Task<long> AuditCountAsync()
    {
        await using var connection = new NpgsqlConnection(Fixture.Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM audit_events WHERE action = 'acceptance-check' AND client_id = $1 AND referral_id IS NULL", connection);
        command.Parameters.Add(new() { Value = TestTokens.DefaultClient });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
