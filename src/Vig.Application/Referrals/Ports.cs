using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>Loads and stores whole referrals; one referral changes per request.</summary>
public interface IReferralRepository
{
    /// <summary>
    /// The referral with this id, in one query; with <paramref name="createdBy"/>, only if that client
    /// created it, so "missing" and "not yours" cost the same and look the same.
    /// </summary>
    Task<Referral?> FindAsync(Guid id, string? createdBy, CancellationToken cancellationToken);

    /// <summary>
    /// The referral with this id for reading only (untracked), with the same access rule as
    /// <see cref="FindAsync"/>, and the read recorded in the audit trail in the same statement:
    /// as <paramref name="action"/> when found, as the refused action when not. The record is
    /// committed before this returns; found and refused cost the same statement (ADR 0013).
    /// </summary>
    Task<Referral?> ReadAsync(Guid id, string? createdBy, string action, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="take"/> referrals matching <paramref name="lookup"/>, newest first, for
    /// reading only, with the same access rule as <see cref="FindAsync"/>; the statement also records
    /// <paramref name="action"/> for each referral found, or the refused action once when none is.
    /// </summary>
    Task<IReadOnlyList<Referral>> ReadManyAsync(ReferralLookup lookup, string? createdBy, int take, string action, CancellationToken cancellationToken);

    /// <summary>The next referral number, from a sequence shared by every API instance.</summary>
    ValueTask<long> NextNumberAsync(CancellationToken cancellationToken);

    void Add(Referral referral);

    /// <summary>Saves every change in one transaction.</summary>
    /// <exception cref="Common.StaleVersionException">Another request changed the referral first.</exception>
    Task SaveChangesAsync(CancellationToken cancellationToken);
}

/// <summary>Read-only views for lists and reports, built in the database.</summary>
public interface IReferralQueries
{
    /// <summary>
    /// A page of referrals, and the list recorded in the audit trail as <paramref name="auditAction"/>
    /// in the same statement, committed before this returns (ADR 0013).
    /// </summary>
    Task<IReadOnlyList<ReferralSummary>> ListAsync(ReferralFilter filter, ReferralCursor? after, int take, string auditAction, CancellationToken cancellationToken);

    /// <summary>Finished referrals last changed before <paramref name="cutoff"/> that still hold personal data.</summary>
    Task<IReadOnlyList<Guid>> FinishedAndNotAnonymisedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>Referrals whose clock was due by <paramref name="now"/> and not yet found overdue, the longest overdue first.</summary>
    Task<IReadOnlyList<Guid>> OverdueClocksAsync(DateTimeOffset now, int take, CancellationToken cancellationToken);

    /// <summary>Referrals in a status that awaits something (decision, information, allocation) but with no clock: stored before clocks existed.</summary>
    Task<IReadOnlyList<Guid>> WaitingWithoutClockAsync(int take, CancellationToken cancellationToken);
}

/// <summary>Referrals by the child's case id in the referrer's system, or by reference: exactly one is given.</summary>
public sealed record ReferralLookup(string? ExternalCaseId, string? Reference);

public sealed record ReferralFilter(
    ReferralStatus? Status,
    RouteKind? Route,
    string? Concern,
    ReferrerRole? ReferrerRole,
    string? ExternalCaseId,
    DateTimeOffset? UpdatedSince,
    string? CreatedBy,
    (bool Overdue, DateTimeOffset Now)? Overdue = null,
    DateTimeOffset? DueBy = null,
    bool? PossibleDuplicate = null,
    ReferralSort Order = ReferralSort.UpdatedAt);

/// <summary>How a list of referrals is ordered; the id breaks ties either way.</summary>
public enum ReferralSort
{
    /// <summary>Oldest update first: every referral, so a client can follow changes.</summary>
    UpdatedAt,

    /// <summary>Soonest due first: only referrals whose service-level clock runs, as a worklist.</summary>
    DueAt,
}

/// <summary>Where a page of the list ends: the instant it is ordered by (<paramref name="Order"/>), then the id.</summary>
public sealed record ReferralCursor(DateTimeOffset At, Guid Id, ReferralSort Order = ReferralSort.UpdatedAt);
