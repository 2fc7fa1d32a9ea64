using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Vig.Application.Events;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.Contracts;

/// <summary>The query of GET /events: where to start, and the page size.</summary>
public sealed record ListEventsQuery
{
    /// <summary>Where the page starts: the nextCursor of the previous page, unchanged; left out, the feed starts at its first event.</summary>
    [FromQuery(Name = "after")]
    [MaxLength(ListEvents.CursorMaxLength)]
    public string? After { get; init; }

    /// <summary>How many events a page holds at most; 100 when absent.</summary>
    [FromQuery(Name = "limit")]
    [Range(1, ListEvents.MaxLimit)]
    public int? Limit { get; init; }

    internal ListEvents ToRequest() => new(After, Limit);
}

/// <summary>A page of the change feed.</summary>
public sealed record EventPageResponse
{
    /// <summary>The events on this page, in feed order.</summary>
    [MaxLength(ListEvents.MaxLimit)]
    public required IReadOnlyList<ChangeEventResponse> Items { get; init; }

    /// <summary>Pass as after to get the events that follow; never null: on an empty page it is the cursor you sent, to ask again later.</summary>
    [MaxLength(ListEvents.CursorMaxLength)]
    public required string NextCursor { get; init; }

    /// <summary>True when more events were ready beyond this page: ask again at once.</summary>
    public required bool HasMore { get; init; }

    internal static EventPageResponse From(EventPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        return new() { Items = [.. page.Items.Select(ChangeEventResponse.From)], NextCursor = page.NextCursor, HasMore = page.HasMore };
    }
}

/// <summary>
/// A change of a referral, as a CloudEvents 1.0 JSON envelope. It carries no personal data: fetch
/// the referral (GET /referrals/{id}) for its content.
/// </summary>
public sealed record ChangeEventResponse
{
    /// <summary>The CloudEvents version: always 1.0.</summary>
    [JsonPropertyName("specversion")]
    [MaxLength(3)]
    public required string SpecVersion { get; init; }

    /// <summary>The event's id: unique, and the same in the feed and in every webhook delivery of it (deduplicate on it).</summary>
    public required Guid Id { get; init; }

    /// <summary>Where events come from: always /api/v1/referrals.</summary>
    [MaxLength(32)]
    public required string Source { get; init; }

    /// <summary>
    /// What happened: referral.created, referral.edited, referral.submitted, referral.resubmitted,
    /// referral.information-requested, referral.accepted, referral.declined, referral.allocated,
    /// referral.closed, referral.withdrawn, referral.consent-recorded, referral.consent-withdrawn,
    /// referral.questionnaire-recorded, referral.decision-overdue, referral.information-overdue,
    /// referral.allocation-overdue, referral.outcome-available (beside referral.closed, and beside a form
    /// kept on a closed referral: GET /referrals/{id}/outcome can be read, or has changed).
    /// </summary>
    [MaxLength(ReferralEvent.TypeMaxLength)]
    public required string Type { get; init; }

    /// <summary>When the change was made.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The referral's id, as text.</summary>
    [MaxLength(36)]
    public required string Subject { get; init; }

    /// <summary>The media type of data: always application/json.</summary>
    [JsonPropertyName("datacontenttype")]
    [MaxLength(16)]
    public required string DataContentType { get; init; }

    /// <summary>The referral after the change: ids, codes and its version only.</summary>
    public required ChangeEventData Data { get; init; }

    /// <summary>The source of every event.</summary>
    public const string EventSource = "/api/v1/referrals";

    internal static ChangeEventResponse From(ReferralEvent e) => new()
    {
        SpecVersion = "1.0",
        Id = e.Id,
        Source = EventSource,
        Type = e.Type,
        Time = e.Time,
        Subject = e.ReferralId.ToString(),
        DataContentType = "application/json",
        Data = new ChangeEventData
        {
            ReferralId = e.ReferralId,
            Reference = e.Reference,
            Status = e.Status.To<ReferralStatus>(),
            Version = e.Version,
            OwningClient = e.OwningClient,
            Verdict = e.Verdict.ToOrNull<Verdict>(),
            ReasonCode = e.ReasonCode,
            Outcome = e.Outcome.ToOrNull<ClosureOutcome>(),
        },
    };
}

/// <summary>The data of a change event.</summary>
public sealed record ChangeEventData
{
    /// <summary>The referral's id.</summary>
    public required Guid ReferralId { get; init; }

    /// <summary>The referral's human-readable reference.</summary>
    [MaxLength(Model.ReferralReference.MaxLength)]
    public required string Reference { get; init; }

    /// <summary>The status after the change.</summary>
    public required ReferralStatus Status { get; init; }

    /// <summary>The version after the change (the ETag is W/"version"): a change of one referral has a higher version than the one before it.</summary>
    [Range(1, int.MaxValue)]
    public required int Version { get; init; }

    /// <summary>The client that created, and so owns, the referral.</summary>
    [MaxLength(Vig.Domain.Common.Stamp.ActorMaxLength)]
    public required string OwningClient { get; init; }

    /// <summary>For referral.submitted and referral.resubmitted: the verdict of the stored evaluation; else null.</summary>
    public required Verdict? Verdict { get; init; }

    /// <summary>For referral.declined: the decline reason's code (GET /decline-reasons); else null.</summary>
    [MaxLength(Model.DeclineReason.CodeMaxLength)]
    public required string? ReasonCode { get; init; }

    /// <summary>For referral.closed and referral.outcome-available: how the work ended; else null. Never a score.</summary>
    public required ClosureOutcome? Outcome { get; init; }
}
