using Vig.Domain.Referrals;

namespace Vig.Domain.Acceptance.Rules;

// Source page, "VIG requests will be accepted where there is" and "An assessment by a professional in TFF".
internal sealed class ReferrerIsTffProfessionalRule() : AcceptanceRule("referrer.tff-professional", RuleKind.Eligibility)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The referrer is a professional in one of the council's Together for Families (TFF) services.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Say who is referring and their Together for Families team; if the referrer is not from TFF, ask the TFF professional working with the family to refer.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) => facts.Details.Referrer switch
    {
        null => Missing("Say who is referring: their name, role and Together for Families team."),
        { FromTogetherForFamilies: false } => NotMet("VIG takes referrals only from Together for Families professionals. Ask the TFF professional working with the family to refer."),
        _ => Met(),
    };
}

internal sealed class ReferrerIsCurrentlyInvolvedRule() : AcceptanceRule("referrer.currently-involved", RuleKind.Eligibility)
{
    public override string Criterion(AcceptancePolicy policy) => "The referrer is currently involved with the family.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Say whether the referrer works with the family now; the referral must come from a professional who does.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) => facts.Details.Referrer switch
    {
        null => Missing("Say who is referring and whether they are working with the family now."),
        { CurrentlyInvolved: false } => NotMet("The referral must come from a professional who is involved with the family now. Ask that professional to refer."),
        _ => Met(),
    };
}

internal sealed class ReferrerRoleIsAcceptedRule() : AcceptanceRule("referrer.role", RuleKind.Eligibility)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The referrer is a Health Visitor, Social Worker, Family Worker or Psychologist.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Give the referrer's role; only a Health Visitor, Social Worker, Family Worker or Psychologist working with the family can refer.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) => facts.Details.Referrer switch
    {
        null => Missing("Give the referrer's role: Health Visitor, Social Worker, Family Worker or Psychologist."),
        { Role: var role } when !Enum.IsDefined(role) => NotMet("Only Health Visitors, Social Workers, Family Workers and Psychologists can refer. Ask one of them who works with the family to refer."),
        _ => Met(),
    };
}

internal sealed class HealthVisitorOnlyForYoungChildrenRule() : AcceptanceRule("referrer.health-visitor-child-age", RuleKind.Eligibility)
{
    public override string Criterion(AcceptancePolicy policy) =>
        $"A Health Visitor refers only for a child aged {policy.HealthVisitorMaxAgeYears} or under on the referral date.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        $"Give the child's date of birth; for a child over {policy.HealthVisitorMaxAgeYears}, ask a Social Worker, Family Worker or Psychologist working with the family to refer.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy)
    {
        if (facts.Details.Referrer is not { Role: ReferrerRole.HealthVisitor })
        {
            return Met();
        }

        if (facts.Details.Child is not { } child)
        {
            return Missing("Give the child's date of birth: Health Visitors refer only for young children.");
        }

        return child.AgeOn(facts.ReferralDate) <= policy.HealthVisitorMaxAgeYears
            ? Met()
            : NotMet($"Health Visitors refer only for children aged {policy.HealthVisitorMaxAgeYears} or under. Ask a Social Worker, Family Worker or Psychologist working with the family to refer.");
    }
}
