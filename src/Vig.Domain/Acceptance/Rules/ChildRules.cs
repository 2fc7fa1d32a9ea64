namespace Vig.Domain.Acceptance.Rules;

// Source page, "Who the VIG service is for": children and young people of all ages, pre-term infants included.
internal sealed class ChildHasBeenBornRule() : AcceptanceRule("child.born", RuleKind.Eligibility)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The child has been born by the referral date (pre-term infants included).";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Give the child's name and date of birth; for an unborn baby, refer once the baby is born.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) => facts.Details.Child switch
    {
        null => Missing("Give the child's name and date of birth."),
        { DateOfBirth: var born } when born > facts.ReferralDate => NotMet("The date of birth is after the referral date. Correct it, or refer once the baby is born."),
        _ => Met(),
    };
}

internal sealed class ChildIsUnderUpperAgeRule() : AcceptanceRule("child.upper-age", RuleKind.Eligibility)
{
    public override string Criterion(AcceptancePolicy policy) => policy.SendUpperAgeYears is { } send
        ? $"The child is under {policy.UpperAgeYears} on the referral date, or under {send} with special educational needs and disabilities (SEND)."
        : $"The child is under {policy.UpperAgeYears} on the referral date.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Give the child's date of birth. A young person over the upper age is not for this service: discuss other support with the family's network.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy)
    {
        if (facts.Details.Child is not { } child)
        {
            return Missing("Give the child's date of birth.");
        }

        var upperAge = policy.UpperAgeFor(child.HasSend);
        return child.AgeOn(facts.ReferralDate) < upperAge
            ? Met()
            : NotMet($"VIG through this service is for children and young people under {upperAge}. Discuss other support with the family's network.");
    }
}
