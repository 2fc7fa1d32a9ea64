using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Vig.Api.Tests.Fixtures;
using Vig.Infrastructure.Persistence;

namespace Vig.Api.Tests.Migrations;

/// <summary>
/// The migration to one-row referrals (ADR 0023) moves existing data without loss. The two files
/// beside this test were written by the previous release (f167c87) from <c>ReferralApi.OfEveryShapeAsync</c>:
/// its rows (pg_dump of the referral tables) and its answers (each referral, its history, the report
/// rows and a summary, as its API gave them on the test clock's day). The test loads those rows into
/// the previous schema, migrates to the latest, and asks today's API the same questions.
/// </summary>
public sealed class PreviousSchemaMigrationTests(ApiFixture api) : ApiTestBase(api)
{
    private const string PreviousMigration = "20261125075644_CheaperReportRowsAndLz4";

    [Fact]
    public async Task ReferralsOfEveryShape_StoredByThePreviousRelease_ReadTheSameAfterMigrating()
    {
        var connectionString = await NewDatabaseAsync();
        await MigrateAsync(connectionString, PreviousMigration);
        await ExecuteAsync(connectionString, await File.ReadAllTextAsync(RepositoryFiles.PathOf("tests/Vig.Api.Tests/Migrations/previous-schema-referrals.sql")));

        await MigrateAsync(connectionString, target: null);

        var expected = JsonNode.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("tests/Vig.Api.Tests/Migrations/previous-schema-answers.json")))!.AsObject();
        await using var factory = new VigApiFactory(connectionString);
        using var client = factory.CreateClient().As(TestTokens.DefaultClient, TestTokens.DefaultScopes);
        using var reports = factory.CreateClient().As("reporting-tool", Application.Common.Scopes.Reports);
        Assert.Equal(10, expected.Count); // four referrals with their histories, the report rows, a summary
        foreach (var (question, answer) in expected)
        {
            var asked = question.StartsWith("reports/", StringComparison.Ordinal) ? reports : client;
            var path = question.StartsWith("reports/", StringComparison.Ordinal) && question.EndsWith("summary", StringComparison.Ordinal)
                ? "/api/v1/reports/summary?groupBy=concern"
                : $"/api/v1/{(question.StartsWith("reports/", StringComparison.Ordinal) ? question : "referrals/" + question)}";
            var actual = JsonNode.Parse(await asked.GetStringAsync(new Uri(path, UriKind.Relative)));
            if (actual is JsonObject referral && referral.ContainsKey("clock"))
            {
                // Added since that release (ADR 0031, 0032): a referral stored before has no clock until
                // its next change and has stopped none; none of these is accepted, so none has an expectation.
                Assert.Null(referral["clock"]);
                Assert.Empty(referral["clockResults"]!.AsArray());
                Assert.Null(referral["allocationExpectation"]);
                referral.Remove("clock");
                referral.Remove("clockResults");
                referral.Remove("allocationExpectation");
            }

            if (Guid.TryParse(question, out _))
            {
                // Shown to the VIG team since migration PossibleDuplicates (ADR 0030); no referral stored before has any.
                answer!["possibleDuplicates"] = new JsonArray();
                answer["duplicateOf"] = null;

                // Since migration OutcomesBeforeAndAfter (ADR 0033): every form kept before is a form before
                // VIG, none pairs with a form after it, and a closed referral takes a form after VIG from the team.
                foreach (var form in answer["questionnaires"]!.AsArray())
                {
                    form!["timepoint"] = "before";
                }

                answer["measuredChanges"] = new JsonArray();
                if (answer["status"]!.GetValue<string>() == "closed")
                {
                    answer["allowedActions"] = new JsonArray("recordQuestionnaire");
                }
            }

            Assert.True(JsonNode.DeepEquals(answer, actual), $"{path} differs after the migration.\nBefore: {answer!.ToJsonString()}\nAfter:  {actual!.ToJsonString()}");
        }
    }

    private async Task<string> NewDatabaseAsync()
    {
        var database = "vig_previous_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(Fixture.Postgres.ConnectionStringFor("postgres"), $"CREATE DATABASE {database}");
        return Fixture.Postgres.ConnectionStringFor(database);
    }

    private static async Task MigrateAsync(string connectionString, string? target)
    {
        var options = new DbContextOptionsBuilder<VigDbContext>().UseNpgsql(connectionString).UseSnakeCaseNamingConvention().Options;
        await using var db = new VigDbContext(options);
        await db.GetService<IMigrator>().MigrateAsync(target);
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
