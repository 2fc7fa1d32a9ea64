using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// A new referral's content, parsed into the domain's types, with the consents already given: the
/// one model behind POST /referrals and POST /acceptance-checks, so that a check and a create of the
/// same body agree. The Api has validated it; parent/carers already carry their new ids.
/// </summary>
public sealed record NewReferral(ReferralDetails Details, IReadOnlyList<GivenConsent> Consents)
{
    /// <summary>As many consents as a referral keeps (<see cref="Referral.MaxConsents"/>).</summary>
    public const int MaxConsents = Referral.MaxConsents;

    /// <summary>A new draft with this content and its consents recorded, as of <paramref name="stamp"/>.</summary>
    public Referral ToReferral(Guid id, ReferralReference reference, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        var referral = Referral.Create(id, reference, Details, stamp);
        foreach (var (givenBy, kind, givenOn) in ConsentsGivenBy(referral.ParentCarers))
        {
            referral.RecordConsent(Guid.CreateVersion7(stamp.At), givenBy, kind, givenOn, stamp);
        }

        return referral;
    }

    /// <summary>What the acceptance rules would see of this content and its consents if it were referred as of <paramref name="stamp"/>; nothing is created.</summary>
    public ReferralFacts ToFacts(Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        var consents = ConsentsGivenBy(Details.ParentCarers).Select(c => ConsentRecord.Given(Guid.Empty, c.GivenBy, c.Kind, c.GivenOn, stamp)).ToList();
        return new ReferralFacts(stamp.On, Details, consents);
    }

    // Each consent with the id of the parent/carer it names by position (null: the child's own).
    private IEnumerable<(Guid? GivenBy, ConsentKind Kind, DateOnly GivenOn)> ConsentsGivenBy(IReadOnlyList<ParentCarer> parentCarers) =>
        Consents.Select(c => (c.ParentCarerIndex is { } index ? parentCarers[index].Id : (Guid?)null, c.Kind, c.GivenOn));
}

/// <summary>
/// A consent given before the referral exists. The parent/carers of new content have no ids a client
/// knows, so <paramref name="ParentCarerIndex"/> names one by its zero-based position in the
/// content's parent/carers; null means the child's own consent.
/// </summary>
public sealed record GivenConsent(int? ParentCarerIndex, ConsentKind Kind, DateOnly GivenOn);
