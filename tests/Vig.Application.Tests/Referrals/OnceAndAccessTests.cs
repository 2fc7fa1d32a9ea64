using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Referrals;

/// <summary>
/// One request, one reading of the clock and one application of the acceptance rules, whatever the
/// answer shows; and one access rule for every way a referral is reached (docs/decisions/0022).
/// </summary>
public sealed class OnceAndAccessTests
{
    private static readonly DateTimeOffset Noon = new(2027, 1, 14, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ACreateWithSubmit_ReadsTheClockOnce_AndAppliesTheRulesOnce_ReusingTheSubmissionsEvaluation()
    {
        var world = new World(new FakeClient("case-system-a", Scopes.Submit, Scopes.Read));

        var result = await new CreateReferralHandler(world.Changes, world.Policy).Handle(new CreateReferral(Bodies.Complete(), Submit: true), CancellationToken.None);

        Assert.Equal((1, 1), (world.Time.Reads, world.Rule.Evaluations));
        Assert.Equal(ReferralStatus.Submitted, result.Referral.Status);
        Assert.Same(result.Referral.LatestEvaluation, result.CurrentEvaluation);
        Assert.Equal(Verdict.Eligible, result.CurrentEvaluation!.Verdict);
        Assert.Equal(Noon, result.Referral.CreatedAt);
    }

    [Fact]
    public async Task ADraft_AndARead_ApplyTheRulesOnceEach_ForTheEvaluationAndTheActions()
    {
        var world = new World(new FakeClient("case-system-a", Scopes.Submit, Scopes.Read));

        var draft = await new CreateReferralHandler(world.Changes, world.Policy).Handle(new CreateReferral(Bodies.Complete(), Submit: false), CancellationToken.None);
        Assert.Equal(1, world.Rule.Evaluations);
        Assert.Null(draft.LatestEvaluation);
        Assert.Contains(ReferralAction.Submit, draft.AllowedActions);

        var read = await new GetReferralHandler(world.Access, world.Results, world.Duplicates).Handle(new GetReferral(draft.Referral.Id), CancellationToken.None);

        Assert.Equal((2, 1), (world.Rule.Evaluations, world.Time.Reads));
        Assert.Equal(Verdict.Eligible, read.CurrentEvaluation!.Verdict);
    }

    [Fact]
    public async Task AConsentRecordedAfterSubmission_IsEvaluatedAfresh_NotAnsweredWithTheSubmissionsEvaluation()
    {
        var world = new World(new FakeClient("case-system-a", Scopes.Submit, Scopes.Read));
        var submitted = await new CreateReferralHandler(world.Changes, world.Policy).Handle(
            new CreateReferral(Bodies.Complete() with { Consents = [] }, Submit: true), CancellationToken.None);
        var mother = submitted.Referral.ParentCarers[0].Id;

        var consented = await new RecordConsentHandler(world.Changes).Handle(
            new RecordConsent(submitted.Referral.Id, submitted.Referral.Version, mother, ConsentKind.TakePartInVig, new DateOnly(2026, 11, 10)), CancellationToken.None);

        Assert.Equal(Verdict.NeedsInformation, consented.LatestEvaluation!.Verdict);
        Assert.Equal(Verdict.Eligible, consented.CurrentEvaluation!.Verdict);
    }

    [Fact]
    public async Task TheActions_AreThoseTheCallersScopesAllow_AndAFinishedReferralHasNoCurrentEvaluation()
    {
        var submitter = new World(new FakeClient("case-system-a", Scopes.Submit, Scopes.Read));
        var created = await new CreateReferralHandler(submitter.Changes, submitter.Policy).Handle(new CreateReferral(Bodies.Complete(), Submit: true), CancellationToken.None);
        var team = new World(new FakeClient("vig-team", Scopes.Decide, Scopes.Read), submitter.Repository);

        Assert.DoesNotContain(ReferralAction.Accept, created.AllowedActions);
        Assert.Contains(ReferralAction.Withdraw, created.AllowedActions);
        Assert.Contains(ReferralAction.Accept, team.Results.For(created.Referral).AllowedActions);
        Assert.DoesNotContain(ReferralAction.Withdraw, team.Results.For(created.Referral).AllowedActions);

        var withdrawn = await new WithdrawReferralHandler(submitter.Changes).Handle(new WithdrawReferral(created.Referral.Id, created.Referral.Version, "Moved away."), CancellationToken.None);

        Assert.Null(withdrawn.CurrentEvaluation);
        Assert.NotNull(withdrawn.LatestEvaluation);
        Assert.Empty(withdrawn.AllowedActions);
        Assert.Empty(withdrawn.BlockedActions);
    }

    [Fact]
    public void TheAccessRule_LetsTheVigTeamReachEveryReferral_AndAnyOtherClientItsOwn()
    {
        Assert.Null(Fakes.Access(new FakeClient("vig-team", Scopes.Decide, Scopes.Read)).CreatedByFilter);
        Assert.Equal("case-system-a", Fakes.Access(new FakeClient("case-system-a", Scopes.Submit, Scopes.Read, Scopes.Reports)).CreatedByFilter);
    }

    [Fact]
    public async Task TheStatusLookUp_GoesThroughTheAccessRule()
    {
        var mine = new World(new FakeClient("case-system-a", Scopes.Submit, Scopes.Read));
        var theirs = new World(new FakeClient("case-system-b", Scopes.Submit, Scopes.Read), mine.Repository);
        var team = new World(new FakeClient("vig-team", Scopes.Decide, Scopes.Read), mine.Repository);
        await new CreateReferralHandler(mine.Changes, mine.Policy).Handle(new CreateReferral(Bodies.Complete(), Submit: true), CancellationToken.None);
        var lookUp = new LookUpReferralStatus("CASE-1001", null);

        var foundByMe = await new LookUpReferralStatusHandler(mine.Access, mine.Results).Handle(lookUp, CancellationToken.None);
        var foundByThem = await new LookUpReferralStatusHandler(theirs.Access, theirs.Results).Handle(lookUp, CancellationToken.None);
        var foundByTeam = await new LookUpReferralStatusHandler(team.Access, team.Results).Handle(lookUp, CancellationToken.None);

        Assert.Equal((1, 0, 1), (foundByMe.Count, foundByThem.Count, foundByTeam.Count));
        Assert.DoesNotContain(ReferralAction.Accept, foundByMe[0].AllowedActions);
        Assert.Contains(ReferralAction.Accept, foundByTeam[0].AllowedActions);
    }

    [Fact]
    public void AnEdit_RefusesAnIdSentBackThatIsNotThisReferrals_NamingEachSuchField_AndTakesNewOnes()
    {
        var mother = new ParentCarer(Guid.NewGuid(), "Jo Example", Relationship.Mother, true);
        var foreign = (First: Guid.NewGuid(), Second: Guid.NewGuid());
        var details = Bodies.Complete().Details with
        {
            ParentCarers = [mother, Bodies.Parent(2) with { Id = foreign.First }, Bodies.Parent(3), Bodies.Parent(4) with { Id = foreign.Second }],
        };

        var father = new ParentCarer(Guid.NewGuid(), "Chris Example", Relationship.Father, true);
        var refused = Assert.Throws<RequestValidationException>(() => new UpdateReferral(Guid.NewGuid(), 1, details, new HashSet<Guid> { mother.Id, foreign.First, foreign.Second }).EnsureIdsAreOf([father, mother]));

        Assert.Equal(["ParentCarers[1].Id", "ParentCarers[3].Id"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.All(refused.Errors.Values, messages => Assert.Equal([UpdateReferral.ForeignParentCarerId], messages));
        new UpdateReferral(Guid.NewGuid(), 1, details, new HashSet<Guid> { mother.Id }).EnsureIdsAreOf([father, mother]);
    }

    [Fact]
    public async Task AnEdit_ReplacesTheContent_KeepingAParentOrCarerSentBack_AndIsAuditedAsAnEdit()
    {
        var world = new World(new FakeClient("case-system-a", Scopes.Submit, Scopes.Read));
        var draft = await new CreateReferralHandler(world.Changes, world.Policy).Handle(new CreateReferral(Bodies.Complete(), Submit: false), CancellationToken.None);
        var mother = draft.Referral.ParentCarers[0];
        var details = draft.Referral.Details with { ParentCarers = [mother, Bodies.Parent(2)], ConcernAccount = "Changed." };

        var edited = await new UpdateReferralHandler(world.Changes).Handle(new UpdateReferral(draft.Referral.Id, draft.Referral.Version, details, new HashSet<Guid> { mother.Id }), CancellationToken.None);

        Assert.Equal(("Changed.", 2), (edited.Referral.ConcernAccount, edited.Referral.ParentCarers.Count));
        Assert.Equal(mother, edited.Referral.ParentCarers[0]);
        Assert.Equal([(AuditActions.Create, (Guid?)draft.Referral.Id), (AuditActions.Edit, draft.Referral.Id)], world.Audit.Recorded);
        var stranger = Bodies.Parent(3);
        await Assert.ThrowsAsync<RequestValidationException>(() => new UpdateReferralHandler(world.Changes).Handle(
            new UpdateReferral(draft.Referral.Id, edited.Referral.Version, details with { ParentCarers = [mother, stranger] }, new HashSet<Guid> { mother.Id, stranger.Id }), CancellationToken.None));
        Assert.Equal(2, world.Repository.Saves);
    }

    [Fact]
    public async Task ACreate_IsAuditedAsACreate_OrACreateWithSubmission()
    {
        var world = new World(new FakeClient("case-system-a", Scopes.Submit, Scopes.Read));

        var draft = await new CreateReferralHandler(world.Changes, world.Policy).Handle(new CreateReferral(Bodies.Complete(), Submit: false), CancellationToken.None);
        var submitted = await new CreateReferralHandler(world.Changes, world.Policy).Handle(new CreateReferral(Bodies.Complete(), Submit: true), CancellationToken.None);

        Assert.Equal([(AuditActions.Create, (Guid?)draft.Referral.Id), (AuditActions.CreateAndSubmit, submitted.Referral.Id)], world.Audit.Recorded);
        Assert.Equal(2, world.Repository.Saves);
    }

    [Fact]
    public async Task AChange_ToAReferralAnotherClientCreated_IsNotFound_AndTheRefusalAudited_AndAStaleVersionIsRefused()
    {
        var mine = new World(new FakeClient("case-system-a", Scopes.Submit, Scopes.Read));
        var theirs = new World(new FakeClient("case-system-b", Scopes.Submit, Scopes.Read), mine.Repository);
        var draft = await new CreateReferralHandler(mine.Changes, mine.Policy).Handle(new CreateReferral(Bodies.Complete(), Submit: false), CancellationToken.None);

        var notFound = await Assert.ThrowsAsync<DomainException>(() => new SubmitReferralHandler(theirs.Changes, theirs.Policy).Handle(new SubmitReferral(draft.Referral.Id, draft.Referral.Version), CancellationToken.None));
        await Assert.ThrowsAsync<StaleVersionException>(() => new SubmitReferralHandler(mine.Changes, mine.Policy).Handle(new SubmitReferral(draft.Referral.Id, draft.Referral.Version + 1), CancellationToken.None));

        Assert.Equal(ReferralErrors.NotFound, notFound.Error);
        Assert.Equal([(AuditActions.Submit, draft.Referral.Id)], theirs.Audit.Refused);
        Assert.Equal(ReferralStatus.Draft, draft.Referral.Status);
    }

    [Fact]
    public async Task ACheck_EvaluatesTheContentAsOfToday_StoresNothing_AndIsAudited()
    {
        var world = new World(new FakeClient("case-system-a", Scopes.Submit));

        var evaluation = await new CheckAcceptanceHandler(world.Clock, world.Policy, world.Audit).Handle(new CheckAcceptance(Bodies.Complete()), CancellationToken.None);

        Assert.Equal((Verdict.Eligible, TestCalendar.Today, TestCalendar.Today), (evaluation.Verdict, evaluation.EvaluatedOn, evaluation.ReferralDate));
        Assert.Equal([(AuditActions.CheckAcceptance, (Guid?)null)], world.Audit.Read);
        Assert.Empty(world.Repository.Stored);
    }

    [Fact]
    public async Task Validation_SeesTheRequestsDay_FromTheRequestsClock()
    {
        var validator = new WithdrawConsentValidator(TestCalendar.Calendar);
        var laterClock = new ServiceClock(new ServiceCalendar(new CountingTime(Noon.AddDays(18)), TimeZoneInfo.Utc), new FakeClient("case-system-a"));
        var onTheLaterDay = new WithdrawConsent(Guid.NewGuid(), 1, Guid.NewGuid(), new DateOnly(2027, 2, 1));

        await RequestValidation.ValidateAsync([validator], onTheLaterDay, laterClock, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            RequestValidation.ValidateAsync([validator], onTheLaterDay with { WithdrawnOn = new DateOnly(2027, 2, 2) }, laterClock, CancellationToken.None));

        Assert.Equal(["The date the consent was withdrawn is after today (2027-02-01); give a date that has passed."], refused.Errors["WithdrawnOn"]);
    }

    /// <summary>The use cases' collaborators for one request by <paramref name="client"/>, on a clock that counts its readings and a policy whose extra rule counts its evaluations.</summary>
    private sealed class World
    {
        public World(ICurrentClient client, FakeRepository? repository = null)
        {
            Repository = repository ?? new FakeRepository();
            Policy = AcceptancePolicy.Current with { Rules = [.. AcceptancePolicy.Current.Rules, Rule] };
            Clock = new ServiceClock(new ServiceCalendar(Time, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")), client);
            Access = new ReferralAccess(Repository, client, Audit);
            Results = new ReferralResults(Policy, Clock, client, Fakes.Clocks(), new FakeServiceLevels());
            Duplicates = new PossibleDuplicates(new FakePossibleDuplicateStore(), Access, Audit);
            Changes = new ReferralChanges(Repository, Access, Clock, Audit, new FakeOutbox(), Results, Fakes.Metrics(), Fakes.Clocks(), Duplicates);
        }

        public ServiceClock Clock { get; }

        public PossibleDuplicates Duplicates { get; }

        public FakeAudit Audit { get; } = new();

        public CountingTime Time { get; } = new(Noon);

        public CountingRule Rule { get; } = new();

        public FakeRepository Repository { get; }

        public AcceptancePolicy Policy { get; }

        public ReferralAccess Access { get; }

        public ReferralResults Results { get; }

        public ReferralChanges Changes { get; }
    }

    private sealed class CountingTime(DateTimeOffset now) : TimeProvider
    {
        public int Reads { get; private set; }

        public override DateTimeOffset GetUtcNow()
        {
            Reads++;
            return now;
        }
    }

    private sealed class CountingRule() : AcceptanceRule("test.counted", RuleKind.Information)
    {
        public int Evaluations { get; private set; }

        public override string Criterion(AcceptancePolicy policy) => "Counted.";

        public override string WhatToDo(AcceptancePolicy policy) => "Nothing.";

        protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy)
        {
            Evaluations++;
            return Met();
        }
    }
}
