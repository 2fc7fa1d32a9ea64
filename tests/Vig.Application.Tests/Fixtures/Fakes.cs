using System.Diagnostics.Metrics;
using Vig.Application.Common;
using Vig.Application.Events;
using Vig.Application.Referrals;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Fixtures;

/// <summary>A calling client with the given scopes.</summary>
internal sealed class FakeClient(string clientId, params string[] scopes) : ICurrentClient
{
    public string ClientId { get; } = clientId;

    public string? Subject => null;

    public string CorrelationId => "test-correlation";

    public bool HasScope(string scope) => scopes.Contains(scope, StringComparer.Ordinal);
}

/// <summary>Answers the allocation expectation with <paramref name="answer"/> (none allocated by default); keeps the windows it was asked for.</summary>
internal sealed class FakeServiceLevels(Vig.Application.ServiceLevels.AllocationExpectation? answer = null) : Vig.Application.ServiceLevels.IServiceLevelQueries
{
    public List<DateOnly> Asked { get; } = [];

    public Task<Vig.Application.ServiceLevels.AllocationExpectation> AllocationExpectationAsync(DateOnly from, CancellationToken cancellationToken)
    {
        Asked.Add(from);
        return Task.FromResult(answer ?? new Vig.Application.ServiceLevels.AllocationExpectation(0, null));
    }
}

/// <summary>Keeps every event it is given, saved or not.</summary>
internal sealed class FakeOutbox : IEventOutbox
{
    public List<ReferralEvent> Added { get; } = [];

    public void Add(ReferralEvent referralEvent) => Added.Add(referralEvent);
}

/// <summary>Keeps every entry it is given, saved or not.</summary>
internal sealed class FakeAudit : IAuditTrail
{
    public List<(string Action, Guid? ReferralId)> Recorded { get; } = [];

    public List<(string Action, Guid? ReferralId)> Read { get; } = [];

    public List<(string Action, Guid RequestedId)> Refused { get; } = [];

    public void Record(string action, Guid? referralId) => Recorded.Add((action, referralId));

    public Task RecordReadAsync(string action, Guid? referralId, CancellationToken cancellationToken)
    {
        Read.Add((action, referralId));
        return Task.CompletedTask;
    }

    public Task RecordRefusedAsync(string action, Guid requestedId, CancellationToken cancellationToken)
    {
        Refused.Add((action, requestedId));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ForReferralAsync(Guid referralId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([]);
}

/// <summary>
/// Referrals in list order (last update, then id), as the database query returns them: after the
/// cursor, at most <c>take</c> rows. Remembers what it was asked, the audit action included (the
/// query records the list with it, ADR 0013).
/// </summary>
internal sealed class FakeQueries(IReadOnlyList<ReferralSummary> rows) : IReferralQueries
{
    public List<(ReferralFilter Filter, ReferralCursor? After, int Take, string AuditAction)> Asked { get; } = [];

    public Task<IReadOnlyList<ReferralSummary>> ListAsync(ReferralFilter filter, ReferralCursor? after, int take, string auditAction, CancellationToken cancellationToken)
    {
        Asked.Add((filter, after, take, auditAction));
        var page = rows
            .Where(r => after is null || r.UpdatedAt > after.At || (r.UpdatedAt == after.At && r.Id.CompareTo(after.Id) > 0))
            .Take(take)
            .ToList();
        return Task.FromResult<IReadOnlyList<ReferralSummary>>(page);
    }


    public Task<IReadOnlyList<Guid>> FinishedAndNotAnonymisedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => throw new NotSupportedException();

    /// <summary>What <see cref="OverdueClocksAsync"/> finds, whatever it is asked.</summary>
    public List<Guid> Overdue { get; } = [];

    public Task<IReadOnlyList<Guid>> OverdueClocksAsync(DateTimeOffset now, int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Guid>>([.. Overdue.Take(take)]);

    /// <summary>What <see cref="WaitingWithoutClockAsync"/> finds, whatever it is asked.</summary>
    public List<Guid> WithoutClock { get; } = [];

    public Task<IReadOnlyList<Guid>> WaitingWithoutClockAsync(int take, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Guid>>([.. WithoutClock.Take(take)]);

    /// <summary>Referrals updated a minute apart, in list order.</summary>
    public static IReadOnlyList<ReferralSummary> Summaries(int count) =>
    [
        .. Enumerable.Range(1, count).Select(i => new ReferralSummary(
            Guid.Parse($"00000000-0000-7000-8000-{i:D12}"),
            $"VIG-2027-{i:D6}",
            ReferralStatus.Draft,
            RouteKind.CaseManagementDecision,
            ReferrerRole.SocialWorker,
            null,
            [],
            new DateTimeOffset(2027, 1, 14, 12, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2027, 1, 14, 12, i, 0, TimeSpan.Zero).AddTicks(1234560),
            1)),
    ];
}

/// <summary>Holds referrals in memory; counts what it is asked to do.</summary>
internal sealed class FakeRepository : IReferralRepository
{
    public List<Referral> Stored { get; } = [];

    public int Finds { get; private set; }

    public int Saves { get; private set; }

    public Task<Referral?> FindAsync(Guid id, string? createdBy, CancellationToken cancellationToken)
    {
        Finds++;
        return Task.FromResult(Stored.SingleOrDefault(r => r.Id == id && Reaches(r, createdBy)));
    }

    /// <summary>The reads asked for, with the action they are recorded under (found or refused).</summary>
    public List<(Guid Id, string Action)> Reads { get; } = [];

    public Task<Referral?> ReadAsync(Guid id, string? createdBy, string action, CancellationToken cancellationToken)
    {
        Reads.Add((id, action));
        return Task.FromResult(Stored.SingleOrDefault(r => r.Id == id && Reaches(r, createdBy)));
    }

    public Task<IReadOnlyList<Referral>> ReadManyAsync(ReferralLookup lookup, string? createdBy, int take, string action, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Referral>>([.. Stored.Where(r => Reaches(r, createdBy) && (r.Reference.Value == lookup.Reference || (r.Child?.ExternalCaseId is { } id && id == lookup.ExternalCaseId))).Take(take)]);

    // As the database does: with createdBy, only that client's referrals.
    private static bool Reaches(Referral referral, string? createdBy) => createdBy is null || referral.CreatedBy == createdBy;

    public ValueTask<long> NextNumberAsync(CancellationToken cancellationToken) => ValueTask.FromResult((long)Stored.Count + 1);

    public void Add(Referral referral) => Stored.Add(referral);

    public Task SaveChangesAsync(CancellationToken cancellationToken)
    {
        Saves++;
        return Task.CompletedTask;
    }
}

internal static class Fakes
{
    /// <summary>The access rule for <paramref name="client"/>, over an empty repository.</summary>
    public static ReferralAccess Access(ICurrentClient client) => new(new FakeRepository(), client, new FakeAudit());

    /// <summary>The service's meter, measured by nobody.</summary>
    public static ServiceMetrics Metrics() => new(new Meter("Vig.Application.Tests"));

    /// <summary>Working days in London with no bank holidays: the use-case tests need clocks, not the holiday rules (Domain tests have those).</summary>
    public static readonly Vig.Domain.ServiceLevels.WorkingDays WorkingDays = new(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), new NoBankHolidays());

    /// <summary>The clocks with 10, 15 and 20 working days.</summary>
    public static Vig.Domain.ServiceLevels.ServiceLevelClocks Clocks() => new(WorkingDays, new Vig.Domain.ServiceLevels.ServiceLevelTargets(10, 15, 20));

    private sealed class NoBankHolidays : Vig.Domain.ServiceLevels.IBankHolidays
    {
        public bool IsBankHoliday(DateOnly day) => false;
    }

    /// <summary>The search for possible duplicates for <paramref name="client"/>, over a store that finds none.</summary>
    public static PossibleDuplicates Duplicates(ICurrentClient client) => new(new FakePossibleDuplicateStore(), Access(client), new FakeAudit());
}

/// <summary>Possible duplicates in memory: the candidates the search is to find, the pairs added, and what was asked.</summary>
internal sealed class FakePossibleDuplicateStore : IPossibleDuplicateStore
{
    public List<DuplicateCandidate> Candidates { get; } = [];

    public List<LinkedReferral> Linked { get; } = [];

    public List<PossibleDuplicate> Added { get; } = [];

    public List<(Guid ReferralId, Child? Child, DateTimeOffset FinishedSince, int Take)> Searches { get; } = [];

    public List<(Guid ReferralId, string? CreatedBy)> Reached { get; } = [];

    public int Reads { get; private set; }

    public Task<IReadOnlyList<DuplicateCandidate>> CandidatesAsync(Guid referralId, Child? child, DateTimeOffset finishedSince, int take, CancellationToken cancellationToken)
    {
        Searches.Add((referralId, child, finishedSince, take));
        return Task.FromResult<IReadOnlyList<DuplicateCandidate>>(Candidates);
    }

    public void Add(PossibleDuplicate pair) => Added.Add(pair);

    public Task<IReadOnlyList<LinkedReferral>> OfAsync(Guid referralId, CancellationToken cancellationToken)
    {
        Reads++;
        return Task.FromResult<IReadOnlyList<LinkedReferral>>(Linked);
    }

    public Task<PossibleDuplicate?> FindAsync(Guid referralId, Guid otherReferralId, CancellationToken cancellationToken) =>
        Task.FromResult(Added.FirstOrDefault(p => p.OtherThan(referralId) == otherReferralId && p.OtherThan(otherReferralId) == referralId));

    public Task<bool> IsReachableAsync(Guid referralId, string? createdBy, CancellationToken cancellationToken)
    {
        Reached.Add((referralId, createdBy));
        return Task.FromResult(Linked.Any(l => l.ReferralId == referralId));
    }
}
