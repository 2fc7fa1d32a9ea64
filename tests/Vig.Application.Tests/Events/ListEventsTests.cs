using System.Text;
using FluentValidation.TestHelper;
using Vig.Application.Common;
using Vig.Application.Events;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Events;

/// <summary>
/// GET /events as the use case sees it: the cursor is opaque and round-trips exactly, a page asks the
/// feed for one extra event to know whether more are ready, and a client without referrals.decide
/// reads only its own referrals' events.
/// </summary>
public sealed class ListEventsTests
{
    private const string BadCursor = "Use the nextCursor of the previous page, unchanged (or leave after out to start from the first event).";

    private static readonly ListEventsValidator Validator = new();

    private static string Base64Url(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static TheoryData<string, ListEvents, string, string> Refused => new()
    {
        { "a limit of 0", new(null, 0), "Limit", "Ask for 1 to 500 events a page." },
        { "a limit one over the most", new(null, ListEvents.MaxLimit + 1), "Limit", "Ask for 1 to 500 events a page." },
        { "an empty cursor", new(string.Empty, null), "After", BadCursor },
        { "a cursor that is not base64", new("next page!", null), "After", BadCursor },
        { "a cursor of one part", new(Base64Url("12"), null), "After", BadCursor },
        { "a cursor of three parts", new(Base64Url("1.2.3"), null), "After", BadCursor },
        { "a cursor with a sign", new(Base64Url("-1.2"), null), "After", BadCursor },
        { "a cursor with a space", new(Base64Url("1. 2"), null), "After", BadCursor },
        { "a cursor over its length", new(new string('A', ListEvents.CursorMaxLength + 1), null), "After", BadCursor },
        { "a cursor with a NUL", new("MS4y\0", null), "After", "Remove the control characters (such as NUL, tab or line breaks): this is one line of text." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void ASpoiledQuery_IsRefused_NamingTheParameter(string what, ListEvents query, string path, string message)
    {
        var error = Assert.Single(Validator.TestValidate(query).Errors);

        Assert.Equal((path, message), (error.PropertyName, error.ErrorMessage));
        Assert.NotEmpty(what);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(null, 1)]
    [InlineData(null, ListEvents.MaxLimit)]
    public void NoCursorAndAnyLimitInRange_AreAccepted(string? after, int? limit) =>
        Validator.TestValidate(new ListEvents(after, limit)).ShouldNotHaveAnyValidationErrors();

    [Theory]
    [InlineData(0UL, 0L)]
    [InlineData(1UL, 2L)]
    [InlineData(ulong.MaxValue, long.MaxValue)]
    public void ACursor_RoundTrips_AndIsAcceptedBack(ulong transaction, long position)
    {
        var text = EventCursorText.Encode(new EventCursor(transaction, position));

        Assert.True(EventCursorText.TryDecode(text, out var cursor));
        Assert.Equal(new EventCursor(transaction, position), cursor);
        Assert.DoesNotContain("=", text, StringComparison.Ordinal);
        Assert.True(text.Length <= ListEvents.CursorMaxLength);
        Validator.TestValidate(new ListEvents(text, null)).ShouldNotHaveAnyValidationErrors();
    }

    [Fact]
    public void NoText_IsNoCursor()
    {
        Assert.False(EventCursorText.TryDecode(null, out var none));
        Assert.Null(none);
        Assert.False(EventCursorText.TryDecode(Base64Url("x.1"), out var bad));
        Assert.Null(bad);
    }

    [Fact]
    public async Task APage_AsksForOneMore_AndContinuesAfterItsLastEvent()
    {
        var feed = new FakeFeed(Events(3));
        var handler = new ListEventsHandler(feed, Fakes.Access(new FakeClient("case-system-a", Scopes.Read)));

        var page = await handler.Handle(new ListEvents(null, 2), CancellationToken.None);

        Assert.Equal((EventCursor.Start, "case-system-a", 3, AuditActions.ListEvents), feed.Asked.Single());
        Assert.Equal(2, page.Items.Count);
        Assert.True(page.HasMore);
        Assert.True(EventCursorText.TryDecode(page.NextCursor, out var next));
        Assert.Equal(new EventCursor(12, 2), next);

        var rest = await handler.Handle(new ListEvents(page.NextCursor, 2), CancellationToken.None);

        Assert.Equal(new EventCursor(12, 2), feed.Asked[1].After);
        Assert.Single(rest.Items);
        Assert.False(rest.HasMore);
    }

    [Fact]
    public async Task AnEmptyPage_KeepsTheCursorItWasGiven_AndDecideReadsEveryReferral()
    {
        var feed = new FakeFeed([]);
        var handler = new ListEventsHandler(feed, Fakes.Access(new FakeClient("vig-team", Scopes.Decide)));
        var after = EventCursorText.Encode(new EventCursor(40, 7));

        var page = await handler.Handle(new ListEvents(after, null), CancellationToken.None);

        Assert.Equal((new EventCursor(40, 7), (string?)null, ListEvents.DefaultLimit + 1), (feed.Asked[0].After, feed.Asked[0].Owner, feed.Asked[0].Take));
        Assert.Empty(page.Items);
        Assert.Equal(after, page.NextCursor);
        Assert.False(page.HasMore);
    }

    private static List<FeedEvent> Events(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new FeedEvent(
            new EventCursor(10UL + (ulong)i, i),
            new ReferralEvent(Guid.NewGuid(), ReferralEventTypes.Accepted, DateTimeOffset.UnixEpoch, Guid.NewGuid(), "VIG-2026-000001", ReferralStatus.Accepted, 3, "case-system-a", null, null, null)))];

    private sealed class FakeFeed(IReadOnlyList<FeedEvent> events) : IEventFeed
    {
        public List<(EventCursor After, string? Owner, int Take, string Action)> Asked { get; } = [];

        public Task<IReadOnlyList<FeedEvent>> ReadAsync(EventCursor after, string? owningClient, int take, string auditAction, CancellationToken cancellationToken)
        {
            Asked.Add((after, owningClient, take, auditAction));
            return Task.FromResult<IReadOnlyList<FeedEvent>>([.. events.Where(e => (e.Cursor.TransactionId, e.Cursor.Position).CompareTo((after.TransactionId, after.Position)) > 0).Take(take)]);
        }
    }
}
