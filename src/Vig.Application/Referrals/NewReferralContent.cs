using FluentValidation;
using Vig.Application.Common;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>
/// A new referral's content with the consents already given: the one model behind POST /referrals
/// and POST /acceptance-checks, so that a check and a create of the same body agree.
/// </summary>
public record NewReferralContent : ReferralBody
{
    /// <summary>Two kinds of consent for each parent or carer and for the child, with room for a correction each.</summary>
    public const int MaxConsents = (ReferralDetails.MaxParentCarers + 1) * 4;

    /// <summary>Consents already given, in the order they are to be recorded.</summary>
    public IReadOnlyList<ConsentGivenBody>? Consents { get; init; }

    /// <summary>A new draft with this content and its consents recorded, as of <paramref name="stamp"/>.</summary>
    public Referral ToReferral(Guid id, ReferralReference reference, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(stamp);
        var referral = Referral.Create(id, reference, ToDetails([]), stamp);
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
        var details = ToDetails([]);
        var consents = ConsentsGivenBy(details.ParentCarers).Select(c => ConsentRecord.Given(Guid.Empty, c.GivenBy, c.Kind, c.GivenOn, stamp)).ToList();
        return new ReferralFacts(stamp.On, details, consents);
    }

    // Each consent with the id of the parent/carer it names by position (null: the child's own).
    private IEnumerable<(Guid? GivenBy, ConsentKind Kind, DateOnly GivenOn)> ConsentsGivenBy(IReadOnlyList<ParentCarer> parentCarers) =>
        (Consents ?? []).Select(c => (c.ParentCarerIndex is { } index ? parentCarers[index].Id : (Guid?)null, c.Kind!.Value, c.GivenOn!.Value));
}

/// <summary>
/// Form, as for any referral content, and what is particular to a new one: parent/carers carry no
/// id yet, and each consent names a parent/carer of this body by a position that exists.
/// </summary>
public sealed class NewReferralContentValidator : AbstractValidator<NewReferralContent>
{
    public NewReferralContentValidator(ServiceCalendar calendar)
    {
        Include(new ReferralBodyValidator(calendar));

        RuleForEach(x => x.ParentCarers).ChildRules(parent =>
            parent.RuleFor(p => p.Id).Null()
                .WithMessage("Leave the id out: the service gives each parent or carer its id, returned in the answer (send it back on PUT)."))
            .When(x => x.ParentCarers is not null);

        RuleFor(x => x.Consents).Must(c => c!.Count <= NewReferralContent.MaxConsents).When(x => x.Consents is not null)
            .WithMessage($"Send at most {NewReferralContent.MaxConsents} consents.");
        RuleForEach(x => x.Consents).NotNull().WithMessage("Remove the null: each consent is an object with a kind and the date it was given.")
            .SetValidator(new ConsentGivenBodyValidator(calendar));

        // A stored referral's own RecordConsent refuses these too; here the field can be named.
        RuleFor(x => x.Consents).Custom((consents, context) =>
        {
            var body = context.InstanceToValidate;
            var born = body.Child?.DateOfBirth;
            var parents = body.ParentCarers?.Count ?? 0;
            for (var i = 0; i < (consents?.Count ?? 0); i++)
            {
                if (consents![i]?.GivenOn < born)
                {
                    context.AddFailure($"Consents[{i}].GivenOn", "A consent cannot be given before the child's date of birth; check both dates.");
                }

                if (consents[i]?.ParentCarerIndex is { } index && (index < 0 || index >= parents))
                {
                    context.AddFailure($"Consents[{i}].ParentCarerIndex", parents == 0
                        ? "The body names no parent or carer: leave parentCarerIndex out for the child's own consent, or add the parent or carer to parentCarers."
                        : $"Give the position of the parent or carer in parentCarers, 0 to {parents - 1}; leave it out for the child's own consent.");
                }
            }
        });
    }
}

public sealed class ConsentGivenBodyValidator : AbstractValidator<ConsentGivenBody>
{
    public ConsentGivenBodyValidator(ServiceCalendar calendar)
    {
        RuleFor(x => x.Kind).NotNull().WithMessage("Give the kind of consent: takePartInVig or beFilmed.");
        RuleFor(x => x.GivenOn).NotNull().WithMessage("Give the date the consent was given (yyyy-mm-dd).")
            .HasHappened(calendar, "The date the consent was given");
    }
}
