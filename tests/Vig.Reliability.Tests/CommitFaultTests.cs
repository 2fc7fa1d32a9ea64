using Vig.Reliability.Tests.Fixtures;
using Xunit.Abstractions;

namespace Vig.Reliability.Tests;

/// <summary>
/// The narrow window: the change commits but its answer is lost. The client retries with its key
/// and must get the stored answer of the change that was made, not a second referral and not an error.
/// </summary>
[Collection(ReliabilityGroup.Name)]
public sealed class CommitFaultTests(ReliabilitySuite suite, ITestOutputHelper output)
{
    [Fact]
    public async Task A_retry_after_an_answer_lost_past_the_commit_gets_the_stored_answer_and_makes_no_second_referral()
    {
        using var client = suite.Api.CreateApiClient();
        var marker = "fault-" + Guid.NewGuid().ToString("N")[..12];
        var body = Bodies.Referral(marker);
        var key = Guid.NewGuid().ToString();
        var firedBefore = suite.Api.CommitFault.Fired;

        suite.Api.CommitFault.ArmOnce();
        Answer lost;
        try
        {
            lost = await Answer.SendAsync(client, Bodies.Post(Bodies.Referrals, body, key));
        }
        finally
        {
            suite.Api.CommitFault.Disarm();
        }

        var fired = suite.Api.CommitFault.Fired - firedBefore;
        var retry = await Answer.SendAsync(client, Bodies.Post(Bodies.Referrals, body, key));
        var again = await Answer.SendAsync(client, Bodies.Post(Bodies.Referrals, body, key));
        var stored = await suite.ScalarAsync("SELECT count(*) FROM referrals WHERE child_external_case_id = $1", marker);

        var serverErrors = new[] { lost, retry, again }.Count(a => a.Status >= 500 && !a.IsOutageAnswer);
        suite.Figures.AddServerErrors("fault injection", serverErrors);
        suite.Figures.Set("3 fault", $"fault injection (answer lost after the commit): first answer {lost.Status}, retry {retry.Status}{(retry.Replayed ? " replayed" : string.Empty)}, referrals stored {stored} (must be 1)");
        suite.Publish(output);
        output.WriteLine($"first: {lost}\nretry: {retry}\nagain: {again}");

        Assert.Equal(1, fired);
        Assert.True(lost.IsOutageAnswer, $"A commit whose answer was lost is answered 503 problem+json with Retry-After, got {lost}");
        Assert.True(retry.Status == 201 && retry.Replayed, $"The retry with the key gets the stored 201, marked Idempotent-Replayed: got {retry}");
        Assert.True(again.Status == 201 && again.Replayed && again.Body == retry.Body, $"Every later retry gets the same stored answer: got {again}");
        Assert.Equal(1, stored);
        Assert.Equal(1, await suite.ScalarAsync("SELECT count(*) FROM referrals WHERE id = $1::uuid", retry.Id));
    }
}
