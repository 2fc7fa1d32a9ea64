using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Vig.Api.Tests.Fixtures;
using Vig.ClientTests.Generated;

namespace Vig.ClientTests.CSharp;

/// <summary>
/// The journey a case-management system makes, through a C# client NSwag generated from
/// docs/openapi/v1.json with default settings: every request and answer goes through its types,
/// so a field the document calls non-null that comes back null, a renamed property or an
/// undocumented enum value fails here as it would for that system.
/// </summary>
public sealed class NSwagClientJourneyTests(ApiFixture api) : ClientTestBase(api)
{
    [Fact]
    public async Task WholeJourney_CompleteReferralToClosed_WithAStaleIfMatchRefused()
    {
        using var http = Fixture.CreateClient();
        var client = new VigClient(http.BaseAddress!.ToString(), http);

        var referral = await CreateEligibleReferralAsync(client);
        Assert.Equal(ReferralStatus.Submitted, referral.Status);
        Assert.Equal(Verdict.Eligible, referral.LatestEvaluation.Verdict);
        Assert.Equal((ClockKind.Decision, false), (referral.Clock.Awaiting, referral.Clock.Overdue));
        Assert.True(referral.Clock.WorkingDaysLeft > 0 && referral.Clock.DueAt > referral.Clock.Since);
        var submittedETag = client.LastETag;

        referral = await client.AcceptReferralAsync(referral.Id, null, null, submittedETag);
        Assert.Equal(ReferralStatus.Accepted, referral.Status);
        Assert.Equal(ClockKind.Allocation, referral.Clock.Awaiting);
        var acceptedETag = client.LastETag;
        Assert.NotEqual(submittedETag, acceptedETag);

        var stale = await Assert.ThrowsAsync<ApiException<Generated.Problem>>(() =>
            client.AllocateReferralAsync(referral.Id, null, null, submittedETag, new AllocateReferralRequest { Practitioner = "Practitioner One" }));
        Assert.Equal(412, stale.StatusCode);
        Assert.Equal("referral.version-stale", ProblemFields.Of(stale).Code);

        referral = await client.AllocateReferralAsync(referral.Id, null, null, acceptedETag, new AllocateReferralRequest { Practitioner = "Practitioner One" });
        Assert.Equal((ReferralStatus.Allocated, "Practitioner One"), (referral.Status, referral.AllocatedTo));
        Assert.Null(referral.Clock);

        // The mother's form before VIG, and the VIG team's record of her form after it (issue 22, ADR 0033).
        var mother = referral.ParentCarers.First().Id;
        referral = await client.RecordQuestionnaireAsync(referral.Id, null, null, client.LastETag, Prfq(mother, QuestionnaireTimepoint.Before, _ => 4));
        referral = await client.RecordQuestionnaireAsync(referral.Id, null, null, client.LastETag, Prfq(mother, QuestionnaireTimepoint.After, i => i % 3 == 1 ? 2 : 4));
        Assert.Equal([QuestionnaireTimepoint.Before, QuestionnaireTimepoint.After], referral.Questionnaires.Select(q => q.Timepoint));
        Assert.Equal(-2.0, referral.MeasuredChanges.Single().Subscales.First(s => s.Code == "PM").Change);

        var withFormsETag = client.LastETag;
        var notYet = await Assert.ThrowsAsync<ApiException<Generated.Problem>>(() => client.GetReferralOutcomeAsync(referral.Id, null));
        Assert.Equal((409, "referral.outcome-not-yet-available"), (notYet.StatusCode, ProblemFields.Of(notYet).Code));

        referral = await client.CloseReferralAsync(referral.Id, null, null, withFormsETag, new CloseReferralRequest { Outcome = ClosureOutcome.Completed, Comment = "Goals met." });
        Assert.Equal((ReferralStatus.Closed, ClosureOutcome.Completed), (referral.Status, referral.Outcome));
        Assert.Equal([ReferralAction.RecordQuestionnaire], referral.AllowedActions);

        var outcome = await client.GetReferralOutcomeAsync(referral.Id, null);
        Assert.Equal((referral.Id, ClosureOutcome.Completed), (outcome.ReferralId, outcome.Outcome));
        Assert.True(outcome.SubmittedAt <= outcome.AcceptedAt && outcome.AcceptedAt <= outcome.AllocatedAt && outcome.AllocatedAt <= outcome.ClosedAt);
        var change = outcome.MeasuredChanges.Single();
        Assert.Equal((mother, 4.0, 2.0, -2.0), (change.ParentCarerId, change.Subscales.First().Before, change.Subscales.First().After, change.Subscales.First().Change));

        var history = await client.GetReferralHistoryAsync(referral.Id, null);
        Assert.Equal(
            [ReferralStatus.Submitted, ReferralStatus.Accepted, ReferralStatus.Allocated, ReferralStatus.Closed],
            history.Select(change => change.To).SkipWhile(status => status != ReferralStatus.Submitted));
    }

    private RecordQuestionnaireRequest Prfq(Guid parentCarer, QuestionnaireTimepoint timepoint, Func<int, int> answer)
    {
        var form = new RecordQuestionnaireRequest { QuestionnaireId = "prfq", Version = 1, ParentCarerId = parentCarer, CompletedOn = new DateTimeOffset(Fixture.Factory.Clock.Today.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), Timepoint = timepoint };
        foreach (var item in Enumerable.Range(1, 18))
        {
            form.Answers.Add(new AnswerRequest { Item = item, Answer = answer(item) });
        }

        return form;
    }

    [Fact]
    public async Task AcceptingAReferralThatMissesARule_IsATypedProblemWithCodeAndRuleCodes()
    {
        using var http = Fixture.CreateClient();
        var client = new VigClient(http.BaseAddress!.ToString(), http);
        var body = JsonConvert.DeserializeObject<CreateReferralRequest>(RequestExample("/api/v1/referrals", "post"))!;
        body.Views.ChangeMutuallyAgreed = false;
        body.Submit = true;

        var referral = await client.CreateReferralAsync(null, null, body);
        Assert.Equal(Verdict.NeedsInformation, referral.LatestEvaluation.Verdict);

        var refused = await Assert.ThrowsAsync<ApiException<Generated.Problem>>(() => client.AcceptReferralAsync(referral.Id, null, null, client.LastETag));
        var problem = ProblemFields.Of(refused);
        Assert.Equal(422, refused.StatusCode);
        Assert.Equal("referral.acceptance-criteria-not-met", problem.Code);
        Assert.Contains("views.hoped-for-change", problem.RuleCodes);
        Assert.False(string.IsNullOrWhiteSpace(problem.TraceId));
    }

    [Fact]
    public async Task TheSameChildReferredTwice_IsAPossibleDuplicate_ThatTheTeamDismisses_OrDeclinesAgainst()
    {
        using var http = Fixture.CreateClient();
        var client = new VigClient(http.BaseAddress!.ToString(), http);
        var first = await CreateEligibleReferralAsync(client);
        var second = await CreateEligibleReferralAsync(client);

        var pair = Assert.Single(second.PossibleDuplicates);
        Assert.Equal((first.Id, true, true, (DateTimeOffset?)null), (pair.ReferralId, pair.SameExternalCaseId, pair.SameNameAndDateOfBirth, pair.DismissedAt));

        var dismissed = await client.DismissPossibleDuplicateAsync(second.Id, first.Id, null, null, client.LastETag);
        Assert.NotNull(Assert.Single(dismissed.PossibleDuplicates).DismissedAt);

        var declined = await client.DeclineReferralAsync(second.Id, null, null, client.LastETag, new DeclineReferralRequest { ReasonCode = "duplicate", DuplicateOf = first.Id, Comment = "Already referred." });
        Assert.Equal((ReferralStatus.Declined, (Guid?)first.Id), (declined.Status, declined.DuplicateOf));

        var unnamed = await Assert.ThrowsAsync<ApiException<Generated.Problem>>(() =>
            client.DeclineReferralAsync(first.Id, null, null, $"W/\"{first.Version}\"", new DeclineReferralRequest { ReasonCode = "duplicate", Comment = "Already referred." }));
        Assert.Equal((422, "referral.duplicate-of-required"), (unnamed.StatusCode, ProblemFields.Of(unnamed).Code));
    }

    /// <summary>
    /// The complete referral of the document's own create example, in one call: the example
    /// carries the mother's consent (naming her by her position in parentCarers) and "submit": true.
    /// </summary>
    private static async Task<ReferralResponse> CreateEligibleReferralAsync(VigClient client)
    {
        var example = JsonConvert.DeserializeObject<CreateReferralRequest>(RequestExample("/api/v1/referrals", "post"))!;
        Assert.True(example.Submit);
        Assert.NotEmpty(example.Consents);
        return await client.CreateReferralAsync(null, null, example);
    }

    /// <summary>
    /// The problem's code, rule codes and trace id, read through the client's own serialiser so
    /// that they are found whether the schema declares them or leaves them to additional properties.
    /// </summary>
    private sealed record ProblemFields(string? Code, IReadOnlyList<string> RuleCodes, string? TraceId)
    {
        public static ProblemFields Of(ApiException<Generated.Problem> exception)
        {
            var json = JObject.FromObject(exception.Result);
            return new ProblemFields(
                json.Value<string>("code"),
                json["ruleCodes"]?.Values<string>().OfType<string>().ToList() ?? [],
                json.Value<string>("traceId"));
        }
    }
}
