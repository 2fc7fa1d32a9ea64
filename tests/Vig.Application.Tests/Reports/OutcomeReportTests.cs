using Vig.Application.Reports;
using Vig.Domain.Referrals;

namespace Vig.Application.Tests.Reports;

/// <summary>The outcome report's figures and its small-cell rule, as a pure function (ADR 0033).</summary>
public sealed class OutcomeReportTests
{
    private static ClosedOutcome Closed(decimal pm, decimal ic, RouteKind route = RouteKind.CaseManagementDecision, string month = "2027-01", string[]? concerns = null) => new(
        Guid.NewGuid(), route, concerns ?? ["autism"], "2-4", DateOnly.ParseExact(month + "-15", "yyyy-MM-dd"),
        [new OutcomeMeasure("PM", pm), new OutcomeMeasure("CMS", 0m), new OutcomeMeasure("IC", ic)]);

    [Fact]
    public void AGroupOfFive_ShowsItsFigures_AndAGroupOfFour_IsSuppressedWhole()
    {
        var closed = new List<ClosedOutcome>
        {
            Closed(-1m, 1m), Closed(-0.5m, 0.5m), Closed(0m, 0m), Closed(0.5m, -0.5m), Closed(-2m, 2m),
            Closed(-1m, 1m, month: "2027-02"), Closed(-1m, 1m, month: "2027-02"), Closed(-1m, 1m, month: "2027-02"), Closed(-1m, 1m, month: "2027-02"),
        };

        var report = OutcomeReport.Of(closed, [OutcomeGroup.Month], 5);

        var january = report.Groups[0];
        Assert.Equal(("2027-01", 5, false), (january.Key[OutcomeGroup.Month], january.Referrals, january.Suppressed));
        Assert.Equal([("PM", -0.5m), ("CMS", 0m), ("IC", 0.5m)], january.Subscales.Select(s => (s.Code, s.MedianChange!.Value)));
        Assert.Equal((0.6, 0.6), (january.PmLowerShare, january.IcHigherShare));

        var february = report.Groups[1];
        Assert.Equal(("2027-02", null, true), (february.Key[OutcomeGroup.Month], february.Referrals, february.Suppressed));
        Assert.All(february.Subscales, s => Assert.Equal((null, null, true), (s.Referrals, s.MedianChange, s.Suppressed)));
        Assert.Equal((null, null), (february.PmLowerShare, february.IcHigherShare));
    }

    [Fact]
    public void ReferralsWithoutAPair_AreNotCounted_AndAReferralCountsUnderEachConcern()
    {
        var unpaired = new ClosedOutcome(Guid.NewGuid(), RouteKind.FoundationsForLife, ["autism"], "2-4", new DateOnly(2027, 1, 3), []);
        var report = OutcomeReport.Of([unpaired, Closed(-1m, 1m, concerns: ["autism", "attachment"]), Closed(1m, 1m, concerns: ["autism"])], [OutcomeGroup.Concern], 1);

        Assert.Equal([("attachment", 1), ("autism", 2)], report.Groups.Select(g => (g.Key[OutcomeGroup.Concern]!, g.Referrals!.Value)));
        Assert.Equal(0m, report.Groups[1].Subscales[0].MedianChange);
    }

    [Fact]
    public void AnEvenCount_HasTheMeanOfItsTwoMiddleChangesAsMedian_AndASubscaleMeasuredByTooFewIsSuppressedAlone()
    {
        var closed = new List<ClosedOutcome> { Closed(-2m, 1m), Closed(-1m, 1m), Closed(2m, 1m), Closed(3m, 1m) };
        closed.Add(new ClosedOutcome(Guid.NewGuid(), RouteKind.CaseManagementDecision, ["autism"], "2-4", new DateOnly(2027, 1, 20), [new OutcomeMeasure("PM", 0m)]));

        var group = Assert.Single(OutcomeReport.Of(closed, [OutcomeGroup.Month], 5).Groups);

        Assert.Equal((5, false), (group.Referrals, group.Suppressed));
        Assert.Equal(("PM", 5, 0m, false), (group.Subscales[0].Code, group.Subscales[0].Referrals, group.Subscales[0].MedianChange, group.Subscales[0].Suppressed));
        Assert.Equal(("IC", null, null, true), (group.Subscales[2].Code, group.Subscales[2].Referrals, group.Subscales[2].MedianChange, group.Subscales[2].Suppressed));
        Assert.Equal((0.4, null), (group.PmLowerShare, group.IcHigherShare));

        var even = Assert.Single(OutcomeReport.Of(closed[..4], [OutcomeGroup.Month], 4).Groups);
        Assert.Equal(0.5m, even.Subscales[0].MedianChange);
    }

    [Fact]
    public void AReferralWithoutConcerns_CountsUnderNoConcern()
    {
        var group = Assert.Single(OutcomeReport.Of([Closed(-1m, 1m, concerns: [])], [OutcomeGroup.Concern], 1).Groups);

        Assert.Equal((null, 1), (group.Key[OutcomeGroup.Concern], group.Referrals));
    }
}
