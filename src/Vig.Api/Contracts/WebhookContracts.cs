using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Vig.Api.OpenApi;
using Vig.Application.Events;
using Vig.Application.Webhooks;

namespace Vig.Api.Contracts;

/// <summary>A new webhook subscription.</summary>
public sealed record WebhookSubscriptionRequest
{
    /// <summary>Where events are posted: an https URL on the public internet, at most 2000 characters also once percent-encoded as it is stored (docs/integration.md, section 7).</summary>
    [MaxLength(WebhookSubscriptionView.UrlMaxLength)]
    public string? Url { get; init; }

    /// <summary>The event types wanted, e.g. referral.accepted; see GET /events for the list.</summary>
    [MaxLength(13)]
    [ItemMaxLength(ReferralEvent.TypeMaxLength)]
    public IReadOnlyList<string>? EventTypes { get; init; }

    internal CreateWebhookSubscription ToCommand() => new(Url, EventTypes);
}

/// <summary>A webhook subscription.</summary>
public sealed record WebhookSubscriptionResponse
{
    /// <summary>The subscription's id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Where events are posted.</summary>
    [MaxLength(WebhookSubscriptionView.UrlMaxLength)]
    public required string Url { get; init; }

    /// <summary>The event types delivered.</summary>
    [MaxLength(13)]
    [ItemMaxLength(ReferralEvent.TypeMaxLength)]
    public required IReadOnlyList<string> EventTypes { get; init; }

    /// <summary>True when it receives every referral's events (made with referrals.decide); else only your own referrals'.</summary>
    public required bool AllReferrals { get; init; }

    /// <summary>False once disabled (a 410 Gone, or no delivery succeeded for a whole retry window): replay a dead letter to enable it again.</summary>
    public required bool Active { get; init; }

    /// <summary>Why it was disabled; null while active.</summary>
    [MaxLength(WebhookSubscriptionView.DisabledReasonMaxLength)]
    public required string? DisabledReason { get; init; }

    /// <summary>When it was made.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    internal static WebhookSubscriptionResponse From(WebhookSubscriptionView s) => new()
    {
        Id = s.Id, Url = s.Url, EventTypes = s.EventTypes, AllReferrals = s.AllReferrals, Active = s.Active, DisabledReason = s.DisabledReason, CreatedAt = s.CreatedAt,
    };
}

/// <summary>A new webhook subscription with its signing secret, which is shown only here.</summary>
public sealed record NewWebhookSubscriptionResponse
{
    /// <summary>The subscription.</summary>
    public required WebhookSubscriptionResponse Subscription { get; init; }

    /// <summary>The Standard Webhooks signing secret (whsec_ and base64): keep it safe; it is never shown again.</summary>
    [MaxLength(64)]
    public required string Secret { get; init; }

    internal static NewWebhookSubscriptionResponse From(NewWebhookSubscription created) => new()
    {
        Subscription = WebhookSubscriptionResponse.From(created.Subscription), Secret = created.Secret,
    };
}

/// <summary>An event that was not delivered: the retry window passed, or the receiver answered 410.</summary>
public sealed record DeadLetterResponse
{
    /// <summary>The event's id (the webhook-id of its deliveries); read the event in GET /events.</summary>
    public required Guid EventId { get; init; }

    /// <summary>The event's type.</summary>
    [MaxLength(ReferralEvent.TypeMaxLength)]
    public required string Type { get; init; }

    /// <summary>The referral the event is about.</summary>
    public required Guid ReferralId { get; init; }

    /// <summary>How many attempts were made.</summary>
    [Range(0, int.MaxValue)]
    public required int Attempts { get; init; }

    /// <summary>The receiver's last HTTP status; null if it never answered.</summary>
    [Range(100, 599)]
    public required int? LastStatus { get; init; }

    /// <summary>What went wrong the last time (a status or a connection failure).</summary>
    [MaxLength(DeadLetter.LastErrorMaxLength)]
    public required string? LastError { get; init; }

    /// <summary>When it became a dead letter.</summary>
    public required DateTimeOffset FailedAt { get; init; }

    internal static DeadLetterResponse From(DeadLetter d) => new()
    {
        EventId = d.EventId, Type = d.Type, ReferralId = d.ReferralId, Attempts = d.Attempts, LastStatus = d.LastStatus, LastError = d.LastError, FailedAt = d.FailedAt,
    };
}

/// <summary>The body of a webhook delivery: the feed's CloudEvents JSON, serialised as the API serialises it.</summary>
internal sealed class ApiEventEnvelope(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IEventEnvelope
{
    public string Serialize(ReferralEvent referralEvent) => JsonSerializer.Serialize(ChangeEventResponse.From(referralEvent), json.Value.SerializerOptions);
}
