using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Seed;

/// <summary>
/// Builds each seeded referral through the domain model itself (create, consents, submit and the
/// decisions after it), so every row is one the API could have written: valid statuses and history,
/// evaluations the acceptance policy really gave, consents only where the rules allow them.
/// The content is made up from short word lists; no real person is named.
/// </summary>
internal sealed class ReferralFactory(SeedOptions options, DateTimeOffset now, TimeZoneInfo zone)
{
    /// <summary>The client of the VIG team that decides on referrals.</summary>
    public const string Team = "vig-team";

    private static readonly AcceptancePolicy Policy = AcceptancePolicy.Current;
    private static readonly string[] FirstNames = ["Alex", "Sam", "Jo", "Charlie", "Robin", "Jamie", "Morgan", "Riley", "Taylor", "Casey", "Jordan", "Avery", "Quinn", "Rowan", "Skyler", "Emery", "Finley", "Harper", "Kai", "Reese"];
    private static readonly string[] LastNames = ["Example", "Sample", "Placeholder", "Testwood", "Fictional", "Madeup", "Dummy", "Specimen", "Mockford", "Pretend"];
    private static readonly string[] Teams = ["TFF North", "TFF South", "TFF East", "TFF West", "TFF Central", "Early Help Hub"];
    private static readonly string[] Accounts =
    [
        "Play at home often ends in conflict and the child withdraws; the parent feels rejected.",
        "The parent finds it hard to read the baby's cues and feeds are tense for both of them.",
        "Since the move to a new foster placement the child avoids eye contact and closeness.",
        "The parent describes feeling disconnected from the child after a long stay in hospital.",
        "Bedtimes are difficult; the parent wants to understand what the child is communicating.",
    ];

    private static readonly string[] Summaries =
    [
        "The family assessment shows VIG fits the parent's goals.",
        "The Early Help assessment recommends video feedback to strengthen attunement.",
        "The assessment found a warm but strained relationship that VIG can build on.",
    ];

    private static readonly string[] HopedForChanges =
    [
        "To enjoy playing together and notice what my child needs.",
        "To feel closer to my baby and more confident at feeds.",
        "To have calmer evenings and fewer arguments.",
    ];

    private static readonly string[] Impacts = ["Feeling understood and calmer at home.", "More settled and able to play.", "Safer and more connected to the carer."];
    private static readonly string[] WithdrawReasons = ["The family moved out of the council's area.", "The family asked to stop before the work began.", "Another service is now supporting the family."];
    private static readonly string[] DeclineComments = ["Discussed at the allocation meeting.", "Another service can start sooner.", "The family said they do not wish to take part."];

    private readonly SeedOptions _options = options;
    private readonly DateTimeOffset _now = now;
    private readonly TimeZoneInfo _zone = zone;

    /// <summary>The id of the referral with index <paramref name="index"/>: md5('vig-seed-' || index)::uuid in SQL.</summary>
    public static Guid IdOf(long index) =>
        new(Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"vig-seed-{index}")))));

    /// <summary>The referral with index <paramref name="index"/>, its reference number taken from <paramref name="number"/>.</summary>
    public Referral Build(long index, long number, bool pool)
    {
        var random = new Random(SeedOf(_options.Seed, index));
        var client = ClientOf(index, random, pool);
        return pool ? BuildPoolReferral(index, number, client, random) : BuildReferral(index, number, client, random);
    }

    private string ClientOf(long index, Random random, bool pool) =>
        _options.SoloClient is { } solo && !pool && index == _options.First + (_options.Referrals / 2)
            ? solo
            : string.Create(CultureInfo.InvariantCulture, $"case-system-{random.Next(1, _options.Clients + 1):D2}");

    // Submitted and Eligible today, always one shape: one parent/carer who takes part and has
    // consented, a child under the age of consent to filming; so every one is at version 3.
    private Referral BuildPoolReferral(long index, long number, string client, Random random)
    {
        var created = _now - TimeSpan.FromDays(2 + (random.NextDouble() * 28));
        var submitted = created + TimeSpan.FromHours(1 + (random.NextDouble() * 20));
        var referralDay = Day(submitted);
        var child = ChildFor(random, referralDay, maxAge: 11, filmed: true);
        var referrer = ReferrerFor(random, child, referralDay);
        var parent = new ParentCarer(GuidFor(index, "parent", 0), Person(random), Relationship.Mother, true);
        var details = Complete(random, referrer, child, [parent], referralDay);
        var referral = Referral.Create(IdOf(index), ReferralReference.Create(Day(created).Year, number), details, Stamp(client, created));
        referral.RecordConsent(GuidFor(index, "consent", 0), parent.Id, ConsentKind.TakePartInVig, Day(created), Stamp(client, created + TimeSpan.FromMinutes(5)));
        referral.Submit(Policy, Stamp(client, submitted));
        return referral.Version == 3 && referral.LatestEvaluation!.Verdict == Verdict.Eligible
            ? referral
            : throw new InvalidOperationException($"Pool referral {index} is not Eligible at version 3.");
    }

    private Referral BuildReferral(long index, long number, string client, Random random)
    {
        var created = _now - TimeSpan.FromDays(random.NextDouble() * 365.25 * _options.Years) - TimeSpan.FromMinutes(10);
        var age = _now - created;
        var status = Pick(random, age > TimeSpan.FromDays(180) ? OldStatuses : RecentStatuses);

        var content = status switch
        {
            ReferralStatus.Draft => Content.Partial,
            ReferralStatus.InformationRequested => Content.NeedsInformation,
            ReferralStatus.Accepted or ReferralStatus.Allocated or ReferralStatus.Closed => Content.Eligible,
            _ => Pick(random, [(Content.Eligible, 6), (Content.NeedsInformation, 3), (Content.Ineligible, 1)]),
        };

        // Submitted a little after creation; each later step waits up to a tenth of the referral's
        // age, so the whole story lies in the past.
        var submittedAt = created + TimeSpan.FromTicks((long)(age.Ticks * (0.02 + (random.NextDouble() * 0.08))));
        var clock = submittedAt;
        DateTimeOffset Later() => clock += TimeSpan.FromTicks((long)(age.Ticks / 10.0 * (0.1 + (random.NextDouble() * 0.9))));
        DateTimeOffset Before(int step) => created + ((submittedAt - created) * step / 10);

        var referralDay = Day(Stamp(client, submittedAt).At);
        var child = ChildFor(random, referralDay, maxAge: 16, filmed: random.Next(10) > 0);
        if (child.DateOfBirth >= Day(created))
        {
            child = child with { DateOfBirth = Day(created).AddDays(-1) };
        }

        var referrer = ReferrerFor(random, child, referralDay);
        if (content == Content.Ineligible)
        {
            referrer = referrer with { CurrentlyInvolved = false };
        }

        var parents = ParentsFor(index, random, child);
        var details = content == Content.Partial ? Partial(random, referrer, child, parents) : Complete(random, referrer, child, parents, referralDay);
        var referral = Referral.Create(IdOf(index), ReferralReference.Create(Day(created).Year, number), details, Stamp(client, created));

        // Consents before submission: every one the rules need, but the first parent/carer's when
        // information is to be missing.
        var consentDay = Day(created);
        var consents = 0;
        if (content != Content.Partial)
        {
            foreach (var parent in parents.Where(p => p.TakesPart).Skip(content == Content.NeedsInformation ? 1 : 0))
            {
                referral.RecordConsent(GuidFor(index, "consent", consents), parent.Id, ConsentKind.TakePartInVig, consentDay, Stamp(client, Before(1 + consents)));
                consents++;
            }

            if (child.WillBeFilmed && child.AgeOn(referralDay) >= Policy.ChildConsentAgeYears)
            {
                referral.RecordConsent(GuidFor(index, "consent", consents), null, ConsentKind.BeFilmed, consentDay, Stamp(client, Before(9)));
            }
        }

        if (status == ReferralStatus.Draft)
        {
            return referral;
        }

        if (status == ReferralStatus.Withdrawn && random.Next(3) == 0)
        {
            referral.Withdraw(Pick(random, WithdrawReasons), Stamp(client, Later()));
            return referral;
        }

        var evaluation = referral.Submit(Policy, Stamp(client, submittedAt));
        switch (status)
        {
            case ReferralStatus.InformationRequested when evaluation.Verdict == Verdict.NeedsInformation:
                referral.RequestInformation([], "Please send the missing answers.", Policy, Stamp(Team, Later()));
                break;
            case ReferralStatus.Declined:
                var reason = evaluation.Verdict == Verdict.Ineligible ? DeclineReason.NotEligible : Pick(random, DeclineReason.All.Skip(1).ToList());
                if (reason == DeclineReason.Duplicate)
                {
                    // Names a neighbouring seeded referral: the seed makes no real duplicates to name.
                    referral.DeclineAsDuplicateOf(IdOf(index == 0 ? 1 : index - 1), Pick(random, DeclineComments), Stamp(Team, Later()));
                }
                else
                {
                    referral.Decline(reason, Pick(random, DeclineComments), Stamp(Team, Later()));
                }
                break;
            case ReferralStatus.Withdrawn:
                referral.Withdraw(Pick(random, WithdrawReasons), Stamp(client, Later()));
                break;
            case ReferralStatus.Accepted or ReferralStatus.Allocated or ReferralStatus.Closed:
                referral.Accept(Policy, Stamp(Team, Later()));
                if (status != ReferralStatus.Accepted)
                {
                    referral.Allocate($"Practitioner {Pick(random, LastNames)}", Policy, Stamp(Team, Later()));
                }

                if (status == ReferralStatus.Closed)
                {
                    var outcome = Pick(random, [(ClosureOutcome.Completed, 7), (ClosureOutcome.EndedEarly, 2), (ClosureOutcome.TransferredToAnotherService, 1), (ClosureOutcome.Other, 1)]);
                    referral.Close(outcome, outcome == ClosureOutcome.Other ? "The family moved away." : null, Stamp(Team, Later()));
                }

                break;
        }

        return referral;
    }

    private enum Content
    {
        Partial,
        Eligible,
        NeedsInformation,
        Ineligible,
    }

    private static readonly (ReferralStatus, int)[] OldStatuses =
    [
        (ReferralStatus.Closed, 40), (ReferralStatus.Declined, 15), (ReferralStatus.Withdrawn, 10), (ReferralStatus.Allocated, 22),
        (ReferralStatus.Accepted, 5), (ReferralStatus.Submitted, 4), (ReferralStatus.InformationRequested, 3), (ReferralStatus.Draft, 1),
    ];

    private static readonly (ReferralStatus, int)[] RecentStatuses =
    [
        (ReferralStatus.Draft, 10), (ReferralStatus.Submitted, 20), (ReferralStatus.InformationRequested, 10), (ReferralStatus.Accepted, 15),
        (ReferralStatus.Allocated, 25), (ReferralStatus.Closed, 5), (ReferralStatus.Declined, 10), (ReferralStatus.Withdrawn, 5),
    ];

    private static Child ChildFor(Random random, DateOnly referralDay, int maxAge, bool filmed)
    {
        var born = referralDay.AddDays(-random.Next(30, (maxAge * 365) + 300));
        var preterm = random.Next(12) == 0;
        var autism = Pick(random, [(AutismStatus.No, 8), (AutismStatus.BeingAssessed, 1), (AutismStatus.Diagnosed, 1)]);
        var care = Pick(random, [(CareSetting.BirthFamily, 8), (CareSetting.FosterCare, 1), (CareSetting.AdoptiveFamily, 1)]);
        return new Child(Person(random), born, preterm, preterm ? random.Next(28, 37) : null, random.Next(6) == 0, autism, care, filmed,
            string.Create(CultureInfo.InvariantCulture, $"CASE-{random.Next(100_000, 1_000_000)}"));
    }

    private static Referrer ReferrerFor(Random random, Child child, DateOnly referralDay)
    {
        var role = child.AgeOn(referralDay) <= Policy.HealthVisitorMaxAgeYears && random.Next(3) == 0
            ? ReferrerRole.HealthVisitor
            : Pick(random, [(ReferrerRole.SocialWorker, 4), (ReferrerRole.FamilyWorker, 4), (ReferrerRole.Psychologist, 1)]);
        var first = Pick(random, FirstNames);
        var last = Pick(random, LastNames);
        return new Referrer($"{first} {last}", role, true, Pick(random, Teams), true, $"{first}.{last}@example.org".ToLowerInvariant(),
            string.Create(CultureInfo.InvariantCulture, $"01234 {random.Next(100_000, 1_000_000)}"));
    }

    private static List<ParentCarer> ParentsFor(long index, Random random, Child child)
    {
        var count = Pick(random, [(1, 14), (2, 5), (3, 1)]);
        var first = child.CareSetting switch
        {
            CareSetting.FosterCare => Relationship.FosterCarer,
            CareSetting.AdoptiveFamily => Relationship.AdoptiveParent,
            _ => Pick(random, [(Relationship.Mother, 3), (Relationship.Father, 1)]),
        };
        return [.. Enumerable.Range(0, count).Select(i => new ParentCarer(
            GuidFor(index, "parent", i),
            Person(random),
            i == 0 ? first : Pick(random, [(Relationship.Father, 3), (Relationship.Other, 1)]),
            i == 0 || random.Next(2) == 0))];
    }

    private static ReferralDetails Complete(Random random, Referrer referrer, Child child, List<ParentCarer> parents, DateOnly referralDay)
    {
        var route = random.Next(3) == 0
            ? new ReferralRoute(RouteKind.FoundationsForLife, string.Create(CultureInfo.InvariantCulture, $"FFL-{referralDay.Year}-{random.Next(1, 10_000):D4}"))
            : new ReferralRoute(RouteKind.CaseManagementDecision, string.Create(CultureInfo.InvariantCulture, $"CMD-{referralDay.Year}-{random.Next(1, 10_000):D4}"));
        var concerns = ConcernCategory.All.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToList();
        var shown = referralDay.AddDays(-random.Next(1, 30));
        var readiness = new Readiness(true, Pick(random, Summaries), true, shown < child.DateOfBirth ? referralDay : shown, true, true);
        var views = new ParentCarerViews(Pick(random, HopedForChanges), true, Pick(random, Impacts), true);
        return new ReferralDetails(route, referrer, child, parents, concerns, Pick(random, Accounts), readiness, views);
    }

    // A draft as a case system might save it part-way: some parts not given yet.
    private static ReferralDetails Partial(Random random, Referrer referrer, Child child, List<ParentCarer> parents) =>
        new(
            new ReferralRoute(RouteKind.CaseManagementDecision, null),
            referrer,
            random.Next(4) == 0 ? null : child,
            random.Next(3) == 0 ? [] : parents,
            [.. ConcernCategory.All.OrderBy(_ => random.Next()).Take(random.Next(0, 3))],
            random.Next(2) == 0 ? null : Pick(random, Accounts),
            Readiness.Unanswered,
            ParentCarerViews.Unanswered);

    // The same seed and index give the same referral in every run (HashCode is randomised per process).
    private static int SeedOf(int seed, long index)
    {
        var x = ((ulong)(uint)seed << 40) ^ (ulong)index;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return (int)((x ^ (x >> 31)) & int.MaxValue);
    }

    private static Guid GuidFor(long index, string part, int position) =>
        new(Convert.ToHexString(MD5.HashData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"vig-seed-{index}-{part}-{position}")))));

    private static string Person(Random random) => $"{Pick(random, FirstNames)} {Pick(random, LastNames)}";

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static T Pick<T>(Random random, (T Item, int Weight)[] items)
    {
        var roll = random.Next(items.Sum(i => i.Weight));
        foreach (var (item, weight) in items)
        {
            roll -= weight;
            if (roll < 0)
            {
                return item;
            }
        }

        return items[^1].Item;
    }

    private DateOnly Day(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    // To the microsecond, as the API stores its instants.
    private Stamp Stamp(string by, DateTimeOffset at)
    {
        var utc = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % 10), TimeSpan.Zero);
        return new Stamp(by, utc, Day(utc));
    }
}
