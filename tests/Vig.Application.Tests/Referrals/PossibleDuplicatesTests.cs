using FluentValidation.TestHelper;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Referrals;

/// <summary>
/// The same child referred twice (ADR 0030), as the use cases see it: every submission searches,
/// whoever submits; only the VIG team is shown the pairs; dismissal and a decline as a duplicate.
/// </summary>
public sealed class PossibleDuplicatesTests
{
    private static readonly FakeClient Referrer = new("case-system-a", Scopes.Submit, Scopes.Read);
    private static readonly FakeClient Team = new("vig-team", Scopes.Read, Scopes.Decide, Scopes.Submit);

    [Fact]
    public async Task ASubmissionByAReferrer_Searches_AndLinksOnlyThePairsNotLinkedBefore_AuditedOnTheOtherReferral()
    {
        var world = new World(Referrer);
        var paired = Guid.NewGuid();
        var fresh = Guid.NewGuid();
        world.Store.Candidates.AddRange([new DuplicateCandidate(paired, true, false, AlreadyPaired: true), new DuplicateCandidate(fresh, false, true, AlreadyPaired: false)]);

        var result = await new CreateReferralHandler(world.Changes, AcceptancePolicy.Current).Handle(new CreateReferral(Bodies.Complete(), Submit: true), CancellationToken.None);

        var search = Assert.Single(world.Store.Searches);
        Assert.Equal((result.Referral.Id, result.Referral.Child, PossibleDuplicate.MaxFoundPerSubmission), (search.ReferralId, search.Child, search.Take));
        Assert.Equal(world.Clock.Now.AddMonths(-PossibleDuplicate.FinishedWithinMonths), search.FinishedSince);
        var pair = Assert.Single(world.Store.Added);
        Assert.Equal((fresh, false, true, world.Clock.Now), (pair.OtherThan(result.Referral.Id), pair.SameExternalCaseId, pair.SameNameAndDateOfBirth, pair.FoundAt));
        Assert.Contains((AuditActions.FindPossibleDuplicate, (Guid?)fresh), world.Audit.Recorded);
        Assert.DoesNotContain(world.Audit.Recorded, e => e.ReferralId == paired);

        // The referrer's answer carries nothing of it, and nothing was read to make it.
        Assert.Null(result.Duplicates);
        Assert.Equal(0, world.Store.Reads);
    }

    [Fact]
    public async Task AResubmission_Searches_ButADraftOrAnEdit_DoesNot()
    {
        var world = new World(Referrer);
        var draft = await new CreateReferralHandler(world.Changes, AcceptancePolicy.Current).Handle(new CreateReferral(Bodies.Complete(), Submit: false), CancellationToken.None);
        Assert.Empty(world.Store.Searches);

        await new SubmitReferralHandler(world.Changes, AcceptancePolicy.Current).Handle(new SubmitReferral(draft.Referral.Id, draft.Referral.Version), CancellationToken.None);

        Assert.Equal(draft.Referral.Id, Assert.Single(world.Store.Searches).ReferralId);
    }

    [Fact]
    public async Task TheTeam_IsShownThePairsAndWhatADeclinedReferralDuplicates_AnyoneElseNeither()
    {
        var referral = Bodies.Complete().ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), Stamp());
        var other = Guid.NewGuid();
        var linked = new LinkedReferral(PossibleDuplicate.Found(referral.Id, other, true, false, Stamp()), other, ReferralReference.Create(2027, 2), ReferralStatus.Submitted);
        var team = new World(Team);
        team.Store.Linked.Add(linked);
        var referrer = new World(Referrer);
        referrer.Store.Linked.Add(linked);
        var result = new ReferralResult(referral, null, null, [], [], null);

        var shown = await team.Duplicates.ShownToCallerAsync(result, CancellationToken.None);
        var hidden = await referrer.Duplicates.ShownToCallerAsync(result, CancellationToken.None);

        Assert.Equal([linked], shown.Duplicates!.PossibleDuplicates);
        Assert.Null(shown.Duplicates.DuplicateOf);
        Assert.Same(result, hidden);
        Assert.Equal((1, 0), (team.Store.Reads, referrer.Store.Reads));
    }

    [Fact]
    public async Task FilteringTheListByPossibleDuplicates_IsTheTeamsAlone_RefusedForOthersWhateverTheReferrals()
    {
        var queries = new FakeQueries([]);
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() =>
            new ListReferralsHandler(queries, Fakes.Access(Referrer), new ServiceClock(TestCalendar.Calendar, Referrer), Fakes.WorkingDays).Handle(new ListReferrals(null, null, null, null, null, null, null, null, PossibleDuplicate: false), CancellationToken.None));

        Assert.Equal(["Only the VIG team (scope referrals.decide) can filter by possible duplicates. Leave possibleDuplicate out."], refused.Errors["PossibleDuplicate"]);
        Assert.Empty(queries.Asked);

        await new ListReferralsHandler(queries, Fakes.Access(Team), new ServiceClock(TestCalendar.Calendar, Team), Fakes.WorkingDays).Handle(new ListReferrals(null, null, null, null, null, null, null, null, PossibleDuplicate: true), CancellationToken.None);
        Assert.True(Assert.Single(queries.Asked).Filter.PossibleDuplicate);
    }

    [Fact]
    public void DuplicateOf_GoesOnlyWithTheDuplicateReason()
    {
        var validator = new DeclineReferralValidator();

        validator.TestValidate(new DeclineReferral(Guid.NewGuid(), 1, "family-declined", "No.", Guid.NewGuid()))
            .ShouldHaveValidationErrorFor(x => x.DuplicateOf).WithErrorMessage("Give duplicateOf only with the reason code 'duplicate'.");
        validator.TestValidate(new DeclineReferral(Guid.NewGuid(), 1, "duplicate", "Open elsewhere.", Guid.NewGuid())).ShouldNotHaveAnyValidationErrors();
        validator.TestValidate(new DeclineReferral(Guid.NewGuid(), 1, "family-declined", "No.")).ShouldNotHaveAnyValidationErrors();
    }

    [Fact]
    public async Task DecliningAsADuplicate_OfAReferralTheTeamCannotSee_IsRefused_BeforeTheReferralIsLoaded()
    {
        var world = new World(Team);
        var referral = world.Stored();
        var unknown = Guid.NewGuid();

        var refused = await Assert.ThrowsAsync<DomainException>(() =>
            new DeclineReferralHandler(world.Changes, world.Duplicates, world.Audit).Handle(new DeclineReferral(referral.Id, referral.Version, "duplicate", "Open elsewhere.", unknown), CancellationToken.None));

        Assert.Equal("referral.duplicate-of-unknown", refused.Error.Code);
        Assert.Equal([(unknown, (string?)null)], world.Store.Reached);
        Assert.Equal((0, 0), (world.Repository.Finds, world.Repository.Saves));
    }

    [Fact]
    public async Task DecliningAsADuplicate_NamesTheOriginal_AndAuditsItOnTheOriginal()
    {
        var world = new World(Team);
        var referral = world.Stored();
        var original = Guid.NewGuid();
        world.Store.Linked.Add(new LinkedReferral(PossibleDuplicate.Found(referral.Id, original, true, true, Stamp()), original, ReferralReference.Create(2027, 2), ReferralStatus.Accepted));

        var result = await new DeclineReferralHandler(world.Changes, world.Duplicates, world.Audit).Handle(new DeclineReferral(referral.Id, referral.Version, "duplicate", "Open elsewhere.", original), CancellationToken.None);

        Assert.Equal((ReferralStatus.Declined, (Guid?)original), (result.Referral.Status, result.Referral.DuplicateOf));
        Assert.Equal(original, result.Duplicates!.DuplicateOf);
        Assert.Contains((AuditActions.NameAsDuplicate, (Guid?)original), world.Audit.Recorded);
        Assert.Contains((AuditActions.Decline, (Guid?)referral.Id), world.Audit.Recorded);
    }

    [Fact]
    public async Task DecliningForAnotherReason_LooksNothingUp()
    {
        var world = new World(Team);
        var referral = world.Stored();

        var result = await new DeclineReferralHandler(world.Changes, world.Duplicates, world.Audit).Handle(new DeclineReferral(referral.Id, referral.Version, "family-declined", "The family said no."), CancellationToken.None);

        Assert.Equal(ReferralStatus.Declined, result.Referral.Status);
        Assert.Empty(world.Store.Reached);
        Assert.DoesNotContain(world.Audit.Recorded, e => e.Action == AuditActions.NameAsDuplicate);
    }

    [Fact]
    public async Task Dismissing_KeepsThePairDismissed_AuditsBothReferrals_AndLeavesTheReferralsVersion()
    {
        var world = new World(Team);
        var referral = world.Stored();
        var other = Guid.NewGuid();
        world.Store.Added.Add(PossibleDuplicate.Found(referral.Id, other, true, false, Stamp()));
        var version = referral.Version;

        var result = await world.Dismiss().Handle(new DismissPossibleDuplicate(referral.Id, version, other), CancellationToken.None);

        Assert.True(world.Store.Added.Single().IsDismissed);
        Assert.Equal(("vig-team", world.Clock.Now), (world.Store.Added.Single().DismissedBy, world.Store.Added.Single().DismissedAt!.Value));
        Assert.Equal([(AuditActions.DismissPossibleDuplicate, (Guid?)referral.Id), (AuditActions.DismissPossibleDuplicate, other)], world.Audit.Recorded);
        Assert.Equal((version, 1), (result.Referral.Version, world.Repository.Saves));
        Assert.NotNull(result.Duplicates);
    }

    [Fact]
    public async Task Dismissing_WithAStaleVersion_OrAReferralNotPaired_IsRefused_AndSavesNothing()
    {
        var world = new World(Team);
        var referral = world.Stored();

        await Assert.ThrowsAsync<StaleVersionException>(() => world.Dismiss().Handle(new DismissPossibleDuplicate(referral.Id, referral.Version + 1, Guid.NewGuid()), CancellationToken.None));
        var missing = await Assert.ThrowsAsync<DomainException>(() => world.Dismiss().Handle(new DismissPossibleDuplicate(referral.Id, referral.Version, Guid.NewGuid()), CancellationToken.None));

        Assert.Equal(("possible-duplicate.not-found", ErrorKind.NotFound), (missing.Error.Code, missing.Error.Kind));
        Assert.Equal(0, world.Repository.Saves);
        Assert.Empty(world.Audit.Recorded);
    }

    private static Stamp Stamp() => new("case-system-a", new DateTimeOffset(2027, 1, 14, 12, 0, 0, TimeSpan.Zero), new DateOnly(2027, 1, 14));

    /// <summary>The use cases' collaborators for one request by <paramref name="client"/>.</summary>
    private sealed class World
    {
        public World(ICurrentClient client)
        {
            Client = client;
            Clock = new ServiceClock(TestCalendar.Calendar, client);
            Access = new ReferralAccess(Repository, client, Audit);
            Results = new ReferralResults(AcceptancePolicy.Current, Clock, client, Fakes.Clocks(), new FakeServiceLevels());
            Duplicates = new PossibleDuplicates(Store, Access, Audit);
            Changes = new ReferralChanges(Repository, Access, Clock, Audit, new FakeOutbox(), Results, Fakes.Metrics(), Fakes.Clocks(), Duplicates);
        }

        public ICurrentClient Client { get; }

        public FakeRepository Repository { get; } = new();

        public FakePossibleDuplicateStore Store { get; } = new();

        public FakeAudit Audit { get; } = new();

        public ServiceClock Clock { get; }

        public ReferralAccess Access { get; }

        public ReferralResults Results { get; }

        public PossibleDuplicates Duplicates { get; }

        public ReferralChanges Changes { get; }

        /// <summary>A submitted referral in the repository.</summary>
        public Referral Stored()
        {
            var referral = Bodies.Complete().ToReferral(Guid.NewGuid(), ReferralReference.Create(2027, 1), Clock.Stamp());
            referral.Submit(AcceptancePolicy.Current, Clock.Stamp());
            Repository.Add(referral);
            return referral;
        }

        public DismissPossibleDuplicateHandler Dismiss() => new(Access, Store, Repository, Clock, Audit, Results, Duplicates);
    }
}
