using System.Globalization;
using System.Security.Cryptography;
using CsCheck;
using Vig.Reliability.Tests.Fixtures;
using Vig.Reliability.Tests.Fuzz;
using Xunit.Abstractions;

namespace Vig.Reliability.Tests;

/// <summary>
/// Property-based hostile input: every write endpoint gets its valid request spoiled in body,
/// bytes and headers (see <see cref="FuzzGen"/>). For every case: no 5xx, every 4xx is
/// problem+json, and a refused request leaves the database as it was.
/// Each case i is generated from the run's seed and i alone, so a finding replays with
/// VIG_FUZZ_SEED=&lt;seed&gt; VIG_FUZZ_CASE=&lt;i&gt; (see docs/testing.md). Every case runs,
/// none is skipped for shrinking, so the figures count every 5xx.
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class HostileInputTests(ReliabilitySuite suite, ITestOutputHelper output)
{
    public const string SeedVariable = "VIG_FUZZ_SEED";
    public const string CaseVariable = "VIG_FUZZ_CASE";
    public const string CasesVariable = "VIG_FUZZ_CASES";
    private const int DefaultCases = 10_000;

    [Fact]
    public async Task Hostile_requests_to_every_write_endpoint_get_no_5xx_only_problem_json_and_change_nothing_when_refused()
    {
        var seed = Seed();
        var (first, last) = Range();
        output.WriteLine($"fuzz seed {seed:x16}: replay with {SeedVariable}={seed:x16} (one case: also {CaseVariable}=<i>)");

        using var client = suite.Api.CreateApiClient(connections: 2);
        suite.Api.Errors.Clear();
        var world = new FuzzWorld(client);
        await world.PrepareAsync();
        await using var changes = await DatabaseChanges.InstallAsync(suite.ConnectionString);
        var baseline = await changes.ReadAsync();

        var findings = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var serverErrors = 0;
        var resends = 0;
        for (var i = first; i < last; i++)
        {
            var fuzzCase = FuzzGen.Case.Generate(new PCG((uint)i, seed), null, out _);
            var (answer, resent) = await SendAsync(client, fuzzCase, world);
            resends += resent ? 1 : 0;

            statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
            void Finding(string what) => findings.Add(string.Create(CultureInfo.InvariantCulture, $"case {i}: {what}: {fuzzCase} -> {answer}"));

            if (answer.IsSuccess)
            {
                // It was valid after all and did its work: give the endpoint a fresh target.
                await world.RebuildAsync(fuzzCase.Target);
                baseline = await changes.ReadAsync();
                continue;
            }

            if (answer.Status is >= 500 or 0)
            {
                serverErrors++;
                Finding(answer.Status == 0 ? "no answer" : "server error");
            }
            else if (answer.Status >= 400 && !answer.IsProblem)
            {
                Finding("not problem+json");
            }

            var after = await changes.ReadAsync();
            if (after != baseline)
            {
                Finding($"refused but changed the database (rows changed: {DatabaseChanges.Difference(baseline, after)})");
                baseline = after;
            }
        }

        var tried = last - first;
        var byStatus = string.Join(", ", statuses.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} x{s.Value}")));
        suite.Figures.AddServerErrors("fuzz", serverErrors);
        suite.Figures.Set("2 fuzz a", string.Create(CultureInfo.InvariantCulture, $"cases tried: {tried} (seed {seed:x16}), answers {byStatus}; sent again after a closed connection {resends}"));
        suite.Figures.Set("2 fuzz b", string.Create(CultureInfo.InvariantCulture, $"fuzz findings: {findings.Count} (5xx {serverErrors}, 4xx not problem+json {findings.Count(f => f.Contains(": not problem+json:", StringComparison.Ordinal))}, refused but changed the database {findings.Count(f => f.Contains("refused but changed", StringComparison.Ordinal))})"));
        suite.Publish(output);
        foreach (var error in suite.Api.Errors.Summary().Take(10))
        {
            output.WriteLine("server error: " + error);
        }

        foreach (var finding in findings.Take(25))
        {
            output.WriteLine(finding);
        }

        Assert.True(tried >= DefaultCases || Environment.GetEnvironmentVariable(CaseVariable) is not null || Environment.GetEnvironmentVariable(CasesVariable) is not null, $"At least {DefaultCases} cases run.");
        Assert.True(findings.Count == 0, $"{findings.Count} of {tried} hostile requests broke a rule (seed {seed:x16}; replay one with {SeedVariable}={seed:x16} {CaseVariable}=<i>). First ones:\n{string.Join('\n', findings.Take(10))}");
    }

    /// <summary>
    /// Sends the case; a request that gets no answer at all is sent once more on a new connection:
    /// the server may close a kept-alive connection after refusing the previous request's body,
    /// and a client cannot tell that from a lost answer. Two failures are a finding (status 0).
    /// </summary>
    private static async Task<(Answer Answer, bool Resent)> SendAsync(HttpClient client, FuzzCase fuzzCase, FuzzWorld world)
    {
        try
        {
            return (await Answer.SendAsync(client, fuzzCase.ToRequest(world)), false);
        }
        catch (HttpRequestException)
        {
            try
            {
                return (await Answer.SendAsync(client, fuzzCase.ToRequest(world)), true);
            }
            catch (HttpRequestException ex)
            {
                return (new Answer(0, null, ex.Message, null, false, null), true);
            }
        }
    }

    private static ulong Seed()
    {
        var named = Environment.GetEnvironmentVariable(SeedVariable);
        if (string.IsNullOrWhiteSpace(named))
        {
            return BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
        }

        var hex = named.Trim();
        hex = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        return ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new InvalidOperationException($"{SeedVariable} must be the hexadecimal seed a run printed, e.g. 0123456789abcdef.");
    }

    /// <summary>Cases [first, last): all of them, or the one named by VIG_FUZZ_CASE.</summary>
    private static (int First, int Last) Range()
    {
        if (int.TryParse(Environment.GetEnvironmentVariable(CaseVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var only))
        {
            return (only, only + 1);
        }

        return (0, int.TryParse(Environment.GetEnvironmentVariable(CasesVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : DefaultCases);
    }
}
