using System.Globalization;
using System.Text;
using FluentValidation.TestHelper;
using Vig.Application.Common;
using Vig.Application.Referrals;
using Vig.Application.Tests.Fixtures;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Referrals;

/// <summary>
/// GET /referrals as the use case sees it: the filters are checked for what their types cannot say,
/// and a page's cursor, passed back unchanged, continues exactly after the page's last referral.
/// </summary>
public sealed class ListReferralsTests
{
    private const string BadCursor = "Use the nextCursor of the previous page, unchanged, with the same sort.";

    private static readonly ListReferralsValidator Validator = new();

    private static readonly ListReferrals NoFilter = new(null, null, null, null, null, null, null, null);

    private static readonly Dictionary<string, (ListReferrals Query, string Path, string Message)> Refused = new(StringComparer.Ordinal)
    {
        ["a status that does not exist"] = (NoFilter with { Status = (ReferralStatus)99 },
            "Status", "Use one of: draft, submitted, informationRequested, accepted, declined, allocated, closed, withdrawn."),
        ["a route that does not exist"] = (NoFilter with { Route = (RouteKind)2 },
            "Route", "Use one of: caseManagementDecision, foundationsForLife."),
        ["a referrer role that does not exist"] = (NoFilter with { ReferrerRole = (ReferrerRole)4 },
            "ReferrerRole", "Use one of: healthVisitor, socialWorker, familyWorker, psychologist."),
        ["an unknown concern code"] = (NoFilter with { Concern = "sadness" }, "Concern", "Use a code from GET /api/v1/concern-categories."),
        ["an empty concern code"] = (NoFilter with { Concern = string.Empty }, "Concern", "Use a code from GET /api/v1/concern-categories."),
        ["a concern code with a NUL"] = (NoFilter with { Concern = "autism\0" }, "Concern", Messages.OneLine),
        ["an external case id on two lines"] = (NoFilter with { ExternalCaseId = "CASE\n1001" }, "ExternalCaseId", Messages.OneLine),
        ["an external case id one over its limit"] = (NoFilter with { ExternalCaseId = Bodies.Text(Child.ExternalCaseIdMaxLength + 1) },
            "ExternalCaseId", Messages.TooLong("External Case Id", Child.ExternalCaseIdMaxLength)),
        ["a limit of 0"] = (NoFilter with { Limit = 0 }, "Limit", "Ask for 1 to 100 referrals a page."),
        ["a negative limit"] = (NoFilter with { Limit = -1 }, "Limit", "Ask for 1 to 100 referrals a page."),
        ["a limit one over the most"] = (NoFilter with { Limit = ListReferrals.MaxLimit + 1 }, "Limit", "Ask for 1 to 100 referrals a page."),
        ["an empty cursor"] = (NoFilter with { Cursor = string.Empty }, "Cursor", BadCursor),
        ["a cursor that is not base64"] = (NoFilter with { Cursor = "next page!" }, "Cursor", BadCursor),
        ["a cursor of other text"] = (NoFilter with { Cursor = Base64Url("not-a-cursor") }, "Cursor", BadCursor),
        ["a cursor with a hyphenated id"] = (NoFilter with { Cursor = Base64Url($"638000000000000000|{SomeId:D}") }, "Cursor", BadCursor),
        ["a cursor with a signed time"] = (NoFilter with { Cursor = Base64Url($"-1|{SomeId:N}") }, "Cursor", BadCursor),
        ["a cursor after the last time there is"] = (NoFilter with { Cursor = Base64Url(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks + 1}|{SomeId:N}")) }, "Cursor", BadCursor),
        ["a cursor of three parts"] = (NoFilter with { Cursor = Base64Url($"1|2|{SomeId:N}") }, "Cursor", BadCursor),
        ["a cursor marked with another sort"] = (NoFilter with { Cursor = Base64Url($"1|{SomeId:N}|soon") }, "Cursor", BadCursor),
        ["a due-time cursor for the default sort"] = (NoFilter with { Cursor = Base64Url($"1|{SomeId:N}|due") }, "Cursor", BadCursor),
        ["an update cursor for the due-time sort"] = (NoFilter with { Sort = ReferralSort.DueAt, Cursor = Base64Url($"1|{SomeId:N}") }, "Cursor", BadCursor),
        ["a sort that is not one"] = (NoFilter with { Sort = (ReferralSort)7 }, "Sort", "Use one of: updatedAt, dueAt."),
        ["a cursor longer than any cursor"] = (NoFilter with { Cursor = new string('A', ListReferrals.CursorMaxLength + 4) }, "Cursor", BadCursor),
        ["a cursor with a NUL"] = (NoFilter with { Cursor = "MTIz\0" }, "Cursor", Messages.OneLine),
    };

    private static readonly Dictionary<string, ListReferrals> Accepted = new(StringComparer.Ordinal)
    {
        ["no filter"] = NoFilter,
        ["every filter"] = new(ReferralStatus.Withdrawn, RouteKind.FoundationsForLife, "autism", ReferrerRole.Psychologist, Bodies.Text(Child.ExternalCaseIdMaxLength), DateTimeOffset.UnixEpoch, null, 1),
        ["the largest page"] = NoFilter with { Limit = ListReferrals.MaxLimit },
        ["a well-formed cursor of the longest length"] = NoFilter with { Cursor = Base64Url($"{new string('0', 24)}638000000000000000|{SomeId:N}") },
        ["a cursor at the last time there is"] = NoFilter with { Cursor = Base64Url(string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks}|{SomeId:N}")) },
    };

    private static readonly Guid SomeId = Guid.Parse("0195f3a2-7c41-7d2e-9b1a-3c4d5e6f7a8b");

    public static TheoryData<string> RefusedCases => [.. Refused.Keys];

    public static TheoryData<string> AcceptedCases => [.. Accepted.Keys];

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public void ABadFilter_IsRefused_NamingTheParameterAndWhatToSend(string query)
    {
        var (request, path, message) = Refused[query];

        Validator.TestValidate(request).ShouldHaveValidationErrorFor(path).WithErrorMessage(message);
    }

    [Theory]
    [MemberData(nameof(AcceptedCases))]
    public void GoodFilters_AreAccepted(string query) =>
        Validator.TestValidate(Accepted[query]).ShouldNotHaveAnyValidationErrors();

    [Fact]
    public async Task TheNextCursor_PassedBackUnchanged_ContinuesAfterThePagesLastReferral_UntilTheLastPage()
    {
        var rows = FakeQueries.Summaries(5);
        var queries = new FakeQueries(rows);
        var handler = new ListReferralsHandler(queries, Fakes.Access(new FakeClient("case-system-a", Scopes.Submit, Scopes.Read)), new ServiceClock(TestCalendar.Calendar, new FakeClient("case-system-a", Scopes.Submit, Scopes.Read)), Fakes.WorkingDays);

        var first = await handler.Handle(NoFilter with { Limit = 2 }, CancellationToken.None);
        Validator.TestValidate(NoFilter with { Cursor = first.NextCursor }).ShouldNotHaveAnyValidationErrors();
        var second = await handler.Handle(NoFilter with { Limit = 2, Cursor = first.NextCursor }, CancellationToken.None);
        var last = await handler.Handle(NoFilter with { Limit = 2, Cursor = second.NextCursor }, CancellationToken.None);

        Assert.Equal(rows.Take(2), first.Items);
        Assert.Equal(rows.Skip(2).Take(2), second.Items);
        Assert.Equal(rows.Skip(4), last.Items);
        Assert.Null(last.NextCursor);
        Assert.Equal([null, new ReferralCursor(rows[1].UpdatedAt, rows[1].Id), new ReferralCursor(rows[3].UpdatedAt, rows[3].Id)], queries.Asked.Select(a => a.After));
        Assert.All(queries.Asked, a => Assert.Equal(3, a.Take));
    }

    /// <summary>Times whose cursors are 44 to 70 characters, so every length of base64 padding occurs.</summary>
    [Theory]
    [InlineData(0L)]
    [InlineData(10L)]
    [InlineData(100L)]
    [InlineData(638_000_000_000_000_000L)]
    [InlineData(3_155_378_975_999_999_999L)]
    public async Task ACursor_AfterAReferralUpdatedAtAnyTime_ContinuesRightAfterIt(long ticks)
    {
        var at = new DateTimeOffset(ticks, TimeSpan.Zero);
        var rows = FakeQueries.Summaries(2).Select(r => r with { UpdatedAt = at }).ToList();
        var queries = new FakeQueries(rows);
        var handler = new ListReferralsHandler(queries, Fakes.Access(new FakeClient("case-system-a", Scopes.Read)), new ServiceClock(TestCalendar.Calendar, new FakeClient("case-system-a", Scopes.Read)), Fakes.WorkingDays);

        var first = await handler.Handle(NoFilter with { Limit = 1 }, CancellationToken.None);
        Validator.TestValidate(NoFilter with { Cursor = first.NextCursor }).ShouldNotHaveAnyValidationErrors();
        var second = await handler.Handle(NoFilter with { Limit = 1, Cursor = first.NextCursor }, CancellationToken.None);

        Assert.Equal(new ReferralCursor(at, rows[0].Id), queries.Asked[1].After);
        Assert.Equal([rows[1]], second.Items);
    }

    [Theory]
    [InlineData(2, 2, false)]
    [InlineData(3, 2, true)]
    [InlineData(1, 25, false)]
    public async Task APage_HasANextCursor_OnlyWhenMoreReferralsFollow(int referrals, int limit, bool more)
    {
        var handler = new ListReferralsHandler(new FakeQueries(FakeQueries.Summaries(referrals)), Fakes.Access(new FakeClient("case-system-a", Scopes.Read)), new ServiceClock(TestCalendar.Calendar, new FakeClient("case-system-a", Scopes.Read)), Fakes.WorkingDays);

        var page = await handler.Handle(NoFilter with { Limit = limit }, CancellationToken.None);

        Assert.Equal(Math.Min(referrals, limit), page.Items.Count);
        Assert.Equal(more, page.NextCursor is not null);
    }

    [Fact]
    public async Task WithoutALimit_APageHoldsUpTo25()
    {
        var queries = new FakeQueries(FakeQueries.Summaries(30));
        var handler = new ListReferralsHandler(queries, Fakes.Access(new FakeClient("case-system-a", Scopes.Read)), new ServiceClock(TestCalendar.Calendar, new FakeClient("case-system-a", Scopes.Read)), Fakes.WorkingDays);

        var page = await handler.Handle(NoFilter, CancellationToken.None);

        Assert.Equal(ListReferrals.DefaultLimit, page.Items.Count);
        Assert.Equal((ListReferrals.DefaultLimit + 1, AuditActions.List), (queries.Asked.Single().Take, queries.Asked.Single().AuditAction));
    }

    [Theory]
    [InlineData(Scopes.Read, "case-system-a")]
    [InlineData(Scopes.Decide, null)]
    public async Task AClient_ListsOnlyItsOwnReferrals_UnlessItDecidesOnReferrals(string scope, string? createdBy)
    {
        var queries = new FakeQueries([]);
        var handler = new ListReferralsHandler(queries, Fakes.Access(new FakeClient("case-system-a", scope)), new ServiceClock(TestCalendar.Calendar, new FakeClient("case-system-a", scope)), Fakes.WorkingDays);

        await handler.Handle(new ListReferrals(ReferralStatus.Submitted, RouteKind.FoundationsForLife, "autism", ReferrerRole.Psychologist, "CASE-77", DateTimeOffset.UnixEpoch, null, 10), CancellationToken.None);

        Assert.Equal(new ReferralFilter(ReferralStatus.Submitted, RouteKind.FoundationsForLife, "autism", ReferrerRole.Psychologist, "CASE-77", DateTimeOffset.UnixEpoch, createdBy), queries.Asked.Single().Filter);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TheClockFilters_AskAtTheRequestsInstant_AndDueBeforeMeansBeforeThatDayInLondon(bool overdue)
    {
        var queries = new FakeQueries([]);
        var client = new FakeClient("case-system-a", Scopes.Read);
        var clock = new ServiceClock(TestCalendar.Calendar, client);
        var handler = new ListReferralsHandler(queries, Fakes.Access(client), clock, Fakes.WorkingDays);

        await handler.Handle(new ListReferrals(null, null, null, null, null, null, null, null, overdue, new DateOnly(2027, 7, 1)), CancellationToken.None);
        await handler.Handle(new ListReferrals(null, null, null, null, null, null, null, null), CancellationToken.None);

        // Midnight at the start of 1 July in London is 23:00 UTC the day before (summer time).
        Assert.Equal(((overdue, clock.Now), new DateTimeOffset(2027, 6, 30, 23, 0, 0, TimeSpan.Zero)), (queries.Asked[0].Filter.Overdue, queries.Asked[0].Filter.DueBy));
        Assert.Equal((null, null), (queries.Asked[1].Filter.Overdue, queries.Asked[1].Filter.DueBy));
    }

    /// <summary>Text as a cursor carries it: UTF-8 in URL-safe base64 without padding.</summary>
    private static string Base64Url(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
