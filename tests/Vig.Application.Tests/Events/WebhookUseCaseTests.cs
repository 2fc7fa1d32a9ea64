using FluentValidation.TestHelper;
using Vig.Application.Common;
using Vig.Application.Events;
using Vig.Application.Tests.Fixtures;
using Vig.Application.Webhooks;
using Vig.Domain.Common;

namespace Vig.Application.Tests.Events;

/// <summary>Webhook subscriptions as the use cases see them: what a request may say, and what each handler asks of the store.</summary>
public sealed class WebhookUseCaseTests
{
    private const string Url = "https://cms.example.org/vig-events";

    private static readonly CreateWebhookSubscriptionValidator Validator = new();

    private static readonly string EveryType = string.Join(", ", ReferralEventTypes.All);

    public static TheoryData<string, CreateWebhookSubscription, string, string> Refused => new()
    {
        { "no url", new(null, [ReferralEventTypes.Accepted]), "Url", "Give the https URL the events should be posted to." },
        { "an empty url", new(string.Empty, [ReferralEventTypes.Accepted]), "Url", "Give the https URL the events should be posted to." },
        { "a url on two lines", new("https://a.example\n/x", [ReferralEventTypes.Accepted]), "Url", "Remove the control characters (such as NUL, tab or line breaks): this is one line of text." },
        { "a url over its limit", new("https://a.example/" + new string('x', WebhookSubscriptionView.UrlMaxLength), [ReferralEventTypes.Accepted]), "Url", $"The length of 'Url' must be {WebhookSubscriptionView.UrlMaxLength} characters or fewer. You entered {WebhookSubscriptionView.UrlMaxLength + 18} characters." },
        { "a url within its limit as sent but over it percent-encoded", new("https://a.example/" + new string('é', 400), [ReferralEventTypes.Accepted]), "Url", $"Shorten the URL: it is stored percent-encoded (a space as %20, \"é\" as %C3%A9), and so written it has 2418 characters, over the limit of {WebhookSubscriptionView.UrlMaxLength}." },
        { "a relative url", new("/vig-events", [ReferralEventTypes.Accepted]), "Url", "Use an absolute https URL with no user name, password or fragment, e.g. https://cms.example.org/vig-events." },
        { "an ftp url", new("ftp://cms.example.org/x", [ReferralEventTypes.Accepted]), "Url", "Use an absolute https URL with no user name, password or fragment, e.g. https://cms.example.org/vig-events." },
        { "a url with a user", new("https://user:pw@cms.example.org/x", [ReferralEventTypes.Accepted]), "Url", "Use an absolute https URL with no user name, password or fragment, e.g. https://cms.example.org/vig-events." },
        { "a url with a fragment", new("https://cms.example.org/x#part", [ReferralEventTypes.Accepted]), "Url", "Use an absolute https URL with no user name, password or fragment, e.g. https://cms.example.org/vig-events." },
        { "a file url", new("file:///etc/passwd", [ReferralEventTypes.Accepted]), "Url", "Use an absolute https URL with no user name, password or fragment, e.g. https://cms.example.org/vig-events." },
        { "no event types", new(Url, null), "EventTypes", $"Name the event types wanted, from: {string.Join(", ", ReferralEventTypes.All)}." },
        { "an empty list of event types", new(Url, []), "EventTypes", $"Name the event types wanted, from: {string.Join(", ", ReferralEventTypes.All)}." },
        { "an event type twice", new(Url, [ReferralEventTypes.Accepted, ReferralEventTypes.Accepted]), "EventTypes", "Name each event type once." },
        { "an unknown event type", new(Url, ["referral.exploded"]), "EventTypes[0]", $"Use one of: {string.Join(", ", ReferralEventTypes.All)}." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void ASpoiledSubscription_IsRefused_NamingTheField(string what, CreateWebhookSubscription request, string path, string message)
    {
        var result = Validator.TestValidate(request);

        var error = Assert.Single(result.Errors);
        Assert.Equal((path, message), (error.PropertyName, error.ErrorMessage));
        Assert.NotEmpty(what);
    }

    [Fact]
    public void EveryEventTypeOnce_AndAnHttpLoopbackUrl_PassTheValidator()
    {
        // http passes the validator: whether it may be called is the URL policy's decision (loopback in Development).
        Validator.TestValidate(new CreateWebhookSubscription(Url, [.. ReferralEventTypes.All])).ShouldNotHaveAnyValidationErrors();
        Validator.TestValidate(new CreateWebhookSubscription("http://127.0.0.1:5099/hook", [ReferralEventTypes.Closed])).ShouldNotHaveAnyValidationErrors();
        Validator.TestValidate(new CreateWebhookSubscription("https://cms.example.org/" + new string('x', WebhookSubscriptionView.UrlMaxLength - 24), [ReferralEventTypes.Closed])).ShouldNotHaveAnyValidationErrors();
        Assert.Equal(EveryType, string.Join(", ", ReferralEventTypes.All));
    }

    [Fact]
    public async Task ASubscription_IsStoredForTheCaller_WithItsTypesInTheListsOrder_AndASecretShownOnce()
    {
        var store = new FakeWebhookStore();
        var time = new FixedTime(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        var handler = new CreateWebhookSubscriptionHandler(store, new FakeUrlPolicy(null), new FakeClient("case-system-a", Scopes.Read), time);

        var created = await handler.Handle(new CreateWebhookSubscription(Url, [ReferralEventTypes.Closed, ReferralEventTypes.Accepted]), CancellationToken.None);

        var (subscription, client, secret) = Assert.Single(store.Added);
        Assert.Equal("case-system-a", client);
        Assert.Same(created.Subscription, subscription);
        Assert.Equal(created.Secret, secret);
        Assert.StartsWith(CreateWebhookSubscriptionHandler.SecretPrefix, secret, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(secret[CreateWebhookSubscriptionHandler.SecretPrefix.Length..]).Length);
        Assert.Equal([ReferralEventTypes.Accepted, ReferralEventTypes.Closed], subscription.EventTypes);
        Assert.Equal((Url, false, true, null, time.GetUtcNow()), (subscription.Url, subscription.AllReferrals, subscription.Active, subscription.DisabledReason, subscription.CreatedAt));
        Assert.NotEqual(Guid.Empty, subscription.Id);
    }

    [Fact]
    public async Task ASubscriptionMadeWithDecide_CoversEveryReferral_AndTwoSecretsDiffer()
    {
        var store = new FakeWebhookStore();
        var handler = new CreateWebhookSubscriptionHandler(store, new FakeUrlPolicy(null), new FakeClient("vig-team", Scopes.Decide), TimeProvider.System);

        var first = await handler.Handle(new CreateWebhookSubscription(Url, [ReferralEventTypes.Accepted]), CancellationToken.None);
        var second = await handler.Handle(new CreateWebhookSubscription(Url, [ReferralEventTypes.Accepted]), CancellationToken.None);

        Assert.True(first.Subscription.AllReferrals);
        Assert.NotEqual(first.Secret, second.Secret);
        Assert.NotEqual(first.Subscription.Id, second.Subscription.Id);
    }

    [Fact]
    public async Task AUrlThePolicyRefuses_IsA422NamingTheUrl_AndNothingIsStored()
    {
        var store = new FakeWebhookStore();
        var handler = new CreateWebhookSubscriptionHandler(store, new FakeUrlPolicy("It resolves to a private address."), new FakeClient("c", Scopes.Read), TimeProvider.System);

        var error = (await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new CreateWebhookSubscription(Url, [ReferralEventTypes.Accepted]), CancellationToken.None))).Error;

        Assert.Equal(("webhook.url-refused", ErrorKind.Invalid, "The service will not call this URL."), (error.Code, error.Kind, error.Message));
        Assert.Equal(["It resolves to a private address."], error.Fields!["url"]);
        Assert.Empty(store.Added);
    }

    [Fact]
    public async Task WithoutAKeyForSecrets_NoSubscriptionIsTaken()
    {
        var store = new FakeWebhookStore { CanKeepSecrets = false };
        var policy = new FakeUrlPolicy(null);
        var handler = new CreateWebhookSubscriptionHandler(store, policy, new FakeClient("c", Scopes.Read), TimeProvider.System);

        var error = (await Assert.ThrowsAsync<DomainException>(() => handler.Handle(new CreateWebhookSubscription(Url, [ReferralEventTypes.Accepted]), CancellationToken.None))).Error;

        Assert.Equal(WebhookErrors.NotConfigured, error);
        Assert.Equal(ErrorKind.Conflict, error.Kind);
        Assert.Contains("Webhooks__SecretKey", error.Message, StringComparison.Ordinal);
        Assert.Empty(store.Added);
        Assert.Equal(0, policy.Asked);
    }

    [Fact]
    public async Task ListDeleteDeadLettersAndReplay_AskTheStoreForTheCallersOwn()
    {
        var store = new FakeWebhookStore();
        var client = new FakeClient("case-system-b", Scopes.Read);
        var id = Guid.NewGuid();
        var eventId = Guid.NewGuid();

        Assert.Same(store.Subscriptions, await new ListWebhookSubscriptionsHandler(store, client).Handle(new ListWebhookSubscriptions(), CancellationToken.None));
        Assert.Same(store.Letters, await new ListDeadLettersHandler(store, client).Handle(new ListDeadLetters(id), CancellationToken.None));
        await new DeleteWebhookSubscriptionHandler(store, client).Handle(new DeleteWebhookSubscription(id), CancellationToken.None);
        await new ReplayDeadLetterHandler(store, client).Handle(new ReplayDeadLetter(id, eventId), CancellationToken.None);

        Assert.Equal(["list case-system-b", $"dead-letters {id} case-system-b", $"delete {id} case-system-b", $"replay {id} case-system-b {eventId}"], store.Calls);
    }

    [Fact]
    public async Task ASubscriptionOrDeadLetterTheCallerHasNot_IsNotFound()
    {
        var store = new FakeWebhookStore { Finds = false };
        var client = new FakeClient("c", Scopes.Read);

        var deleted = (await Assert.ThrowsAsync<DomainException>(() => new DeleteWebhookSubscriptionHandler(store, client).Handle(new DeleteWebhookSubscription(Guid.NewGuid()), CancellationToken.None))).Error;
        var letters = (await Assert.ThrowsAsync<DomainException>(() => new ListDeadLettersHandler(store, client).Handle(new ListDeadLetters(Guid.NewGuid()), CancellationToken.None))).Error;
        var replayed = (await Assert.ThrowsAsync<DomainException>(() => new ReplayDeadLetterHandler(store, client).Handle(new ReplayDeadLetter(Guid.NewGuid(), Guid.NewGuid()), CancellationToken.None))).Error;

        Assert.Equal(("webhook.not-found", ErrorKind.NotFound), (deleted.Code, deleted.Kind));
        Assert.Equal(deleted, letters);
        Assert.Contains("GET /api/v1/webhook-subscriptions", deleted.Message, StringComparison.Ordinal);
        Assert.Equal(("webhook.dead-letter-not-found", ErrorKind.NotFound), (replayed.Code, replayed.Kind));
        Assert.Contains("dead-letters", replayed.Message, StringComparison.Ordinal);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class FakeUrlPolicy(string? refusal) : IWebhookUrlPolicy
    {
        public int Asked { get; private set; }

        public Task<string?> RefusalAsync(Uri url, CancellationToken cancellationToken)
        {
            Asked++;
            return Task.FromResult(refusal);
        }
    }

    private sealed class FakeWebhookStore : IWebhookStore
    {
        public bool CanKeepSecrets { get; init; } = true;

        public bool Finds { get; init; } = true;

        public List<(WebhookSubscriptionView Subscription, string Client, string Secret)> Added { get; } = [];

        public List<string> Calls { get; } = [];

        public IReadOnlyList<WebhookSubscriptionView> Subscriptions { get; } = [];

        public IReadOnlyList<DeadLetter> Letters { get; } = [];

        public Task AddAsync(WebhookSubscriptionView subscription, string clientId, string secret, CancellationToken cancellationToken)
        {
            Added.Add((subscription, clientId, secret));
            return Task.CompletedTask;
        }

        public Task<IReadOnlyList<WebhookSubscriptionView>> ListAsync(string clientId, CancellationToken cancellationToken)
        {
            Calls.Add($"list {clientId}");
            return Task.FromResult(Subscriptions);
        }

        public Task<bool> DeleteAsync(Guid id, string clientId, CancellationToken cancellationToken)
        {
            Calls.Add($"delete {id} {clientId}");
            return Task.FromResult(Finds);
        }

        public Task<IReadOnlyList<DeadLetter>?> DeadLettersAsync(Guid id, string clientId, CancellationToken cancellationToken)
        {
            Calls.Add($"dead-letters {id} {clientId}");
            return Task.FromResult(Finds ? Letters : null);
        }

        public Task<bool> ReplayAsync(Guid id, string clientId, Guid eventId, CancellationToken cancellationToken)
        {
            Calls.Add($"replay {id} {clientId} {eventId}");
            return Task.FromResult(Finds);
        }
    }
}
