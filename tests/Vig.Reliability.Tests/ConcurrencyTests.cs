using System.Globalization;
using System.Text.Json.Nodes;
using Vig.Reliability.Tests.Fixtures;
using Xunit.Abstractions;

namespace Vig.Reliability.Tests;

/// <summary>Many requests at the same moment: one key, one version, one sequence.</summary>
[Collection(ReliabilityGroup.Name)]
public sealed class ConcurrencyTests(ReliabilitySuite suite, ITestOutputHelper output)
{
    [Fact]
    public async Task Fifty_simultaneous_posts_with_one_key_make_one_referral_and_get_the_same_answer()
    {
        const int Posts = 50;
        using var client = suite.Api.CreateApiClient(connections: Posts);
        var marker = "same-key-" + Guid.NewGuid().ToString("N")[..12];
        var body = Bodies.Referral(marker);
        var key = Guid.NewGuid().ToString();

        var answers = await AllAtOnceAsync(Posts, _ => Answer.SendAsync(client, Bodies.Post(Bodies.Referrals, body, key)));
        var stored = await suite.ScalarAsync("SELECT count(*) FROM referrals WHERE child_external_case_id = $1", marker);

        suite.Figures.AddServerErrors("concurrency", answers.Count(a => a.Status >= 500));
        suite.Figures.Set("4 concurrency a", $"{Posts} simultaneous POSTs with one key: answers {ByStatus(answers)}, distinct answers {answers.Select(a => (a.Status, a.Body)).Distinct().Count()} (must be 1), referrals stored {stored} (must be 1)");
        suite.Publish(output);

        Assert.Equal(1, stored);
        Assert.True(answers.All(a => a.Status == 201), $"Every request with the key gets the referral's 201: got {ByStatus(answers)}, e.g. {answers.FirstOrDefault(a => a.Status != 201)}");
        Assert.Single(answers.Select(a => a.Body).Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Twenty_simultaneous_decisions_with_one_If_Match_make_exactly_one_change()
    {
        const int Decisions = 20;
        using var client = suite.Api.CreateApiClient(connections: Decisions);
        var created = await Answer.SendAsync(client, Bodies.Post(Bodies.Referrals, Bodies.Referral("decide-" + Guid.NewGuid().ToString("N")[..12])));
        Assert.True(created.Status == 201, $"Set-up: {created}");
        var id = created.Id;
        var consented = created; // The example carries the mother's consent: created and submitted, it is eligible.
        var version = consented.Json().GetProperty("version").GetInt32();
        var historyBefore = await suite.ScalarAsync("SELECT jsonb_array_length(history) FROM referrals WHERE id = $1::uuid", id);

        // Half accept and half decline, all naming the same version.
        var answers = await AllAtOnceAsync(Decisions, i => Answer.SendAsync(client, i % 2 == 0
            ? Bodies.Post($"{Bodies.Referrals}/{id}/accept", null, ifMatch: consented.ETag)
            : Bodies.Post($"{Bodies.Referrals}/{id}/decline", Bodies.Decline(), ifMatch: consented.ETag)));
        var versionAfter = await suite.ScalarAsync("SELECT version FROM referrals WHERE id = $1::uuid", id);
        var historyAfter = await suite.ScalarAsync("SELECT jsonb_array_length(history) FROM referrals WHERE id = $1::uuid", id);

        var successes = answers.Count(a => a.IsSuccess);
        suite.Figures.AddServerErrors("concurrency", answers.Count(a => a.Status >= 500));
        suite.Figures.Set("4 concurrency b", $"{Decisions} simultaneous decisions with one If-Match: answers {ByStatus(answers)}, successes {successes} (must be 1), versions moved {versionAfter - version} (must be 1)");
        suite.Publish(output);

        Assert.Equal(1, successes);
        Assert.All(answers.Where(a => !a.IsSuccess), a => Assert.True(a.Status is 409 or 412 or 422 && a.IsProblem, $"A losing decision is refused with problem+json: got {a}"));
        Assert.Equal(version + 1, versionAfter);
        Assert.Equal(historyBefore + 1, historyAfter);
    }

    [Fact]
    public async Task A_thousand_simultaneous_creates_get_a_thousand_distinct_references()
    {
        const int Creates = 1000;
        using var client = suite.Api.CreateApiClient(connections: Creates);
        suite.Api.Errors.Clear();
        var marker = "bulk-" + Guid.NewGuid().ToString("N")[..12] + "-";

        var answers = await AllAtOnceAsync(Creates, i => Answer.SendAsync(client, Bodies.Post(Bodies.Referrals, Bodies.Referral(marker + i.ToString(CultureInfo.InvariantCulture)))));
        var references = answers.Where(a => a.Status == 201).Select(a => a.Json().GetProperty("reference").GetString()).Distinct(StringComparer.Ordinal).Count();
        var stored = await suite.ScalarAsync("SELECT count(*) FROM referrals WHERE child_external_case_id LIKE $1", marker + "%");
        var serverErrors = answers.Count(a => a.Status >= 500);

        suite.Figures.AddServerErrors("concurrency", serverErrors);
        suite.Figures.Set("4 concurrency c", $"{Creates} simultaneous creates: answers {ByStatus(answers)}, distinct references {references}, referrals stored {stored} (all must be {Creates})");
        suite.Publish(output);
        foreach (var error in suite.Api.Errors.Summary().Take(5))
        {
            output.WriteLine("server error: " + error);
        }

        Assert.Equal(0, serverErrors);
        Assert.True(answers.All(a => a.Status == 201), $"Every create is answered 201: got {ByStatus(answers)}, e.g. {answers.FirstOrDefault(a => a.Status != 201)}");
        Assert.Equal(Creates, references);
        Assert.Equal(Creates, stored);
    }

    internal static string ByStatus(IEnumerable<Answer> answers) =>
        string.Join(", ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} x{g.Count()}")));

    /// <summary>Starts <paramref name="count"/> requests together: each waits at a gate that opens once all are ready.</summary>
    private static async Task<Answer[]> AllAtOnceAsync(int count, Func<int, Task<Answer>> send)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.Task;
            return await send(i);
        }).ToArray();
        gate.SetResult();
        return await Task.WhenAll(requests);
    }
}
