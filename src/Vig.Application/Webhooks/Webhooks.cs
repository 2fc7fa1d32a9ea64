using System.Security.Cryptography;
using FluentValidation;
using MediatR;
using Vig.Application.Common;
using Vig.Application.Events;
using Vig.Domain.Common;

namespace Vig.Application.Webhooks;

/// <summary>A client's webhook subscription: where its events are delivered (docs/decisions/0019).</summary>
public sealed record WebhookSubscriptionView(
    Guid Id,
    string Url,
    IReadOnlyList<string> EventTypes,
    bool AllReferrals,
    bool Active,
    string? DisabledReason,
    DateTimeOffset CreatedAt)
{
    public const int UrlMaxLength = 2000;
    public const int DisabledReasonMaxLength = 200;
}

/// <summary>A new subscription with its signing secret, which is shown this once.</summary>
public sealed record NewWebhookSubscription(WebhookSubscriptionView Subscription, string Secret);

/// <summary>An event that could not be delivered within the retry window (or met a 410).</summary>
public sealed record DeadLetter(Guid EventId, string Type, Guid ReferralId, int Attempts, int? LastStatus, string? LastError, DateTimeOffset FailedAt)
{
    public const int LastErrorMaxLength = 200;
}

/// <summary>Stores subscriptions and their deliveries; each call is recorded in the audit trail in the same transaction.</summary>
public interface IWebhookStore
{
    /// <summary>False when the service has no key to protect secrets with (webhooks not configured).</summary>
    bool CanKeepSecrets { get; }

    Task AddAsync(WebhookSubscriptionView subscription, string clientId, string secret, CancellationToken cancellationToken);

    Task<IReadOnlyList<WebhookSubscriptionView>> ListAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Deletes the client's subscription and its deliveries; false when it has none with this id.</summary>
    Task<bool> DeleteAsync(Guid id, string clientId, CancellationToken cancellationToken);

    /// <summary>The dead letters of the client's subscription, newest first; null when it has none with this id.</summary>
    Task<IReadOnlyList<DeadLetter>?> DeadLettersAsync(Guid id, string clientId, CancellationToken cancellationToken);

    /// <summary>Queues a dead letter again with a fresh retry window and enables the subscription; false when there is no such dead letter.</summary>
    Task<bool> ReplayAsync(Guid id, string clientId, Guid eventId, CancellationToken cancellationToken);
}

/// <summary>Decides whether the service may call a URL (SSRF: no private, loopback or link-local addresses outside Development).</summary>
public interface IWebhookUrlPolicy
{
    /// <summary>Null when the URL may be called; else why not, in words for the client.</summary>
    Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken);
}

public static class WebhookErrors
{
    public static DomainError NotFound => DomainError.NotFound("webhook.not-found", "No webhook subscription of yours has this id: list yours with GET /api/v1/webhook-subscriptions.");

    public static DomainError DeadLetterNotFound => DomainError.NotFound("webhook.dead-letter-not-found", "This subscription has no dead letter for this event: list them with GET .../dead-letters.");

    public static DomainError NotConfigured => DomainError.Conflict("webhook.not-configured", "This service has no key to protect webhook secrets with, so it takes no subscriptions: ask the service's operators to set Webhooks__SecretKey.");

    public static DomainError UrlRefused(string reason) =>
        new("webhook.url-refused", "The service will not call this URL.", ErrorKind.Invalid, Fields: new Dictionary<string, IReadOnlyList<string>> { ["url"] = [reason] });
}

/// <summary>Subscribes the calling client to its referrals' events (every referral's with referrals.decide).</summary>
public sealed record CreateWebhookSubscription(string? Url, IReadOnlyList<string>? EventTypes) : IRequest<NewWebhookSubscription>;

public sealed class CreateWebhookSubscriptionValidator : AbstractValidator<CreateWebhookSubscription>
{
    public CreateWebhookSubscriptionValidator()
    {
        RuleFor(x => x.Url).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Give the https URL the events should be posted to.")
            .SingleLine().MaximumLength(WebhookSubscriptionView.UrlMaxLength)
            .Must(BeAPlainAbsoluteUrl).WithMessage("Use an absolute https URL with no user name, password or fragment, e.g. https://cms.example.org/vig-events.")
            // What is stored is the URL percent-encoded (Uri.AbsoluteUri), which can be longer than what was sent: "é" becomes "%C3%A9".
            .Must(url => StoredForm(url!).Length <= WebhookSubscriptionView.UrlMaxLength)
            .WithMessage(x => $"Shorten the URL: it is stored percent-encoded (a space as %20, \"é\" as %C3%A9), and so written it has {StoredForm(x.Url!).Length} characters, over the limit of {WebhookSubscriptionView.UrlMaxLength}.");
        RuleFor(x => x.EventTypes).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage($"Name the event types wanted, from: {string.Join(", ", ReferralEventTypes.All)}.")
            .Must(t => t!.Count <= ReferralEventTypes.All.Count && t.Distinct().Count() == t.Count).WithMessage("Name each event type once.");
        RuleForEach(x => x.EventTypes).Must(t => ReferralEventTypes.All.Contains(t)).WithMessage($"Use one of: {string.Join(", ", ReferralEventTypes.All)}.");
    }

    /// <summary>The form the handler stores: the absolute URI, normalised and percent-encoded.</summary>
    public static string StoredForm(string url) => new Uri(url, UriKind.Absolute).AbsoluteUri;

    private static bool BeAPlainAbsoluteUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
        && url.UserInfo.Length == 0 && url.Fragment.Length == 0 && url.Host.Length > 0;
}

public sealed class CreateWebhookSubscriptionHandler(IWebhookStore store, IWebhookUrlPolicy policy, ICurrentClient client, TimeProvider time)
    : IRequestHandler<CreateWebhookSubscription, NewWebhookSubscription>
{
    /// <summary>Standard Webhooks secrets: "whsec_" and the base64 of the key.</summary>
    public const string SecretPrefix = "whsec_";

    public async Task<NewWebhookSubscription> Handle(CreateWebhookSubscription request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!store.CanKeepSecrets)
        {
            throw new DomainException(WebhookErrors.NotConfigured);
        }

        var url = new Uri(request.Url!, UriKind.Absolute);
        if (await policy.RefusalAsync(url, cancellationToken) is { } reason)
        {
            throw new DomainException(WebhookErrors.UrlRefused(reason));
        }

        var subscription = new WebhookSubscriptionView(
            Guid.CreateVersion7(), CreateWebhookSubscriptionValidator.StoredForm(request.Url!), [.. ReferralEventTypes.All.Where(request.EventTypes!.Contains)],
            client.HasScope(Scopes.Decide), Active: true, DisabledReason: null, time.GetUtcNow());
        var secret = SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await store.AddAsync(subscription, client.ClientId, secret, cancellationToken);
        return new NewWebhookSubscription(subscription, secret);
    }
}

/// <summary>The calling client's subscriptions, oldest first.</summary>
public sealed record ListWebhookSubscriptions : IRequest<IReadOnlyList<WebhookSubscriptionView>>;

public sealed class ListWebhookSubscriptionsHandler(IWebhookStore store, ICurrentClient client) : IRequestHandler<ListWebhookSubscriptions, IReadOnlyList<WebhookSubscriptionView>>
{
    public Task<IReadOnlyList<WebhookSubscriptionView>> Handle(ListWebhookSubscriptions request, CancellationToken cancellationToken) =>
        store.ListAsync(client.ClientId, cancellationToken);
}

/// <summary>Ends a subscription of the calling client; undelivered events are dropped (the feed still has them).</summary>
public sealed record DeleteWebhookSubscription(Guid Id) : IRequest<Unit>;

public sealed class DeleteWebhookSubscriptionHandler(IWebhookStore store, ICurrentClient client) : IRequestHandler<DeleteWebhookSubscription, Unit>
{
    public async Task<Unit> Handle(DeleteWebhookSubscription request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await store.DeleteAsync(request.Id, client.ClientId, cancellationToken) ? Unit.Value : throw new DomainException(WebhookErrors.NotFound);
    }
}

/// <summary>The dead letters of a subscription of the calling client.</summary>
public sealed record ListDeadLetters(Guid SubscriptionId) : IRequest<IReadOnlyList<DeadLetter>>;

public sealed class ListDeadLettersHandler(IWebhookStore store, ICurrentClient client) : IRequestHandler<ListDeadLetters, IReadOnlyList<DeadLetter>>
{
    public async Task<IReadOnlyList<DeadLetter>> Handle(ListDeadLetters request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await store.DeadLettersAsync(request.SubscriptionId, client.ClientId, cancellationToken) ?? throw new DomainException(WebhookErrors.NotFound);
    }
}

/// <summary>Delivers a dead letter again, with a fresh retry window; the subscription is enabled again.</summary>
public sealed record ReplayDeadLetter(Guid SubscriptionId, Guid EventId) : IRequest<Unit>;

public sealed class ReplayDeadLetterHandler(IWebhookStore store, ICurrentClient client) : IRequestHandler<ReplayDeadLetter, Unit>
{
    public async Task<Unit> Handle(ReplayDeadLetter request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await store.ReplayAsync(request.SubscriptionId, client.ClientId, request.EventId, cancellationToken) ? Unit.Value : throw new DomainException(WebhookErrors.DeadLetterNotFound);
    }
}

/// <summary>Turns an event into the body a webhook delivers: the same CloudEvents JSON the feed serves (the API supplies it).</summary>
public interface IEventEnvelope
{
    string Serialize(ReferralEvent referralEvent);
}
