using FluentValidation;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests;

/// <summary>
/// The use cases' public entry points refuse a null at once, naming the parameter, before they read
/// or change anything; without the check a null would fail later (or, for some, not at all) with a
/// NullReferenceException that names nothing.
/// </summary>
public sealed class NullArgumentTests
{
    private static readonly Stamp Stamp = new("case-system-a", new DateTimeOffset(2027, 1, 14, 12, 0, 0, TimeSpan.Zero), TestCalendar.Today);

    private static readonly AcceptancePolicy Policy = AcceptancePolicy.Current;

    [Fact]
    public void ADateRule_WithoutACalendar_IsRefusedWhenTheRuleIsMade()
    {
        var refused = Assert.Throws<ArgumentNullException>(() => new InlineValidator<WithdrawConsent> { v => v.RuleFor(c => c.WithdrawnOn).HasHappened(null!, "The date") });

        Assert.Equal("calendar", refused.ParamName);
    }

    [Fact]
    public void AnEdit_WithoutTheReferralsParentCarers_IsRefused_EvenWhenNoIdIsSent()
    {
        var edit = new UpdateReferral(Guid.NewGuid(), 1, Bodies.Complete().Details, new HashSet<Guid>());

        var refused = Assert.Throws<ArgumentNullException>(() => edit.EnsureIdsAreOf(null!));

        Assert.Equal("current", refused.ParamName);
    }

    [Fact]
    public void ANewReferral_WithoutAStamp_IsRefused()
    {
        Assert.Equal("stamp", Assert.Throws<ArgumentNullException>(() => Bodies.Complete().ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), null!)).ParamName);
        Assert.Equal("stamp", Assert.Throws<ArgumentNullException>(() => Bodies.Complete().ToFacts(null!)).ParamName);
    }

    [Fact]
    public void Results_OfNothing_AreRefused()
    {
        var client = new FakeClient("case-system-a", Scopes.Submit);
        var results = new ReferralResults(Policy, new ServiceClock(TestCalendar.Calendar, client), client, Fakes.Clocks(), new FakeServiceLevels());
        var evaluation = Bodies.Complete().ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), Stamp).Evaluate(Policy, TestCalendar.Today);

        Assert.Equal("referral", Assert.Throws<ArgumentNullException>(() => results.For(null!)).ParamName);
        Assert.Equal("evaluation", Assert.Throws<ArgumentNullException>(() => RuleTexts.Explain((AcceptanceEvaluation)null!, Policy)).ParamName);
        Assert.Equal("policy", Assert.Throws<ArgumentNullException>(() => RuleTexts.Explain(evaluation, null!)).ParamName);
        Assert.Equal("result", Assert.Throws<ArgumentNullException>(() => RuleTexts.Explain((RuleResult)null!, Policy)).ParamName);
        Assert.Equal("policy", Assert.Throws<ArgumentNullException>(() => RuleTexts.Explain(new RuleResult("route.kind", RuleKind.Eligibility, RuleOutcome.Met, "c", null), null!)).ParamName);
    }

    [Fact]
    public async Task AChange_ThatIsNull_IsRefused_BeforeTheReferralIsLookedUpOrSaved()
    {
        var repository = new FakeRepository();
        var audit = new FakeAudit();
        var changes = Changes(repository, audit);
        var referral = Bodies.Complete().ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), Stamp);
        repository.Add(referral);

        var change = await Assert.ThrowsAsync<ArgumentNullException>(() => changes.ChangeAsync(referral.Id, referral.Version, AuditActions.Edit, null!, CancellationToken.None));
        var create = await Assert.ThrowsAsync<ArgumentNullException>(() => changes.CreateAsync(AuditActions.Create, null!, CancellationToken.None));

        Assert.Equal(("change", "create"), (change.ParamName, create.ParamName));
        Assert.Equal((0, 0), (repository.Finds, repository.Saves));
        Assert.Empty(audit.Recorded);
        Assert.Empty(audit.Refused);
    }

    [Fact]
    public async Task TheHandlersAndPipelineSteps_RefuseANullRequestOrNext()
    {
        var client = new FakeClient("case-system-a", Scopes.Submit, Scopes.Read);
        var clock = new ServiceClock(TestCalendar.Calendar, client);
        var audit = new FakeAudit();

        Assert.Equal("request", (await Assert.ThrowsAsync<ArgumentNullException>(() => new ListReferralsHandler(new FakeQueries([]), Fakes.Access(client), new ServiceClock(TestCalendar.Calendar, client), Fakes.WorkingDays).Handle(null!, CancellationToken.None))).ParamName);
        Assert.Equal("request", (await Assert.ThrowsAsync<ArgumentNullException>(() => new CheckAcceptanceHandler(clock, Policy, audit).Handle(null!, CancellationToken.None))).ParamName);
        Assert.Equal("request", (await Assert.ThrowsAsync<ArgumentNullException>(() => new CreateReferralHandler(Changes(new FakeRepository(), audit), Policy).Handle(null!, CancellationToken.None))).ParamName);
        Assert.Equal("next", (await Assert.ThrowsAsync<ArgumentNullException>(() => new ValidationBehavior<ListReferrals, ReferralPage>([], clock).Handle(null!, CancellationToken.None, null!))).ParamName);
        Assert.Equal("next", (await Assert.ThrowsAsync<ArgumentNullException>(() => new RetryOnLostConnection<ListReferrals, ReferralPage>(new NeverRetry()).Handle(null!, CancellationToken.None, null!))).ParamName);
        Assert.Empty(audit.Read);
    }

    private static ReferralChanges Changes(FakeRepository repository, FakeAudit audit)
    {
        var client = new FakeClient("case-system-a", Scopes.Submit, Scopes.Read);
        var clock = new ServiceClock(TestCalendar.Calendar, client);
        return new ReferralChanges(repository, new ReferralAccess(repository, client, audit), clock, audit, new FakeOutbox(), new ReferralResults(Policy, clock, client, Fakes.Clocks(), new FakeServiceLevels()), Fakes.Metrics(), Fakes.Clocks(), Fakes.Duplicates(client));
    }

    private sealed class NeverRetry : IRequestRetryPolicy
    {
        public bool CanRetry(Exception failure) => false;

        public void PrepareRetry()
        {
        }
    }
}
