using Vig.Domain.Referrals;

namespace Vig.Domain.Acceptance.Rules;

// Source page: informed consent after an explainer video, and children of 12 and over consenting to filming.
internal sealed class ParentCarersHaveConsentedRule() : AcceptanceRule(RuleCode, RuleKind.Information)
{
    public const string RuleCode = "consent.parent-carers";

    public override string Criterion(AcceptancePolicy policy) =>
        "Every parent or carer taking part has given informed consent to VIG, not since withdrawn.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Record informed consent to take part in VIG from each parent or carer taking part, after they have seen a video explaining VIG.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy)
    {
        var taking = facts.Details.ParentCarers.Where(p => p.TakesPart).ToList();
        var without = taking.Count(p => !facts.HasConsent(p.Id, ConsentKind.TakePartInVig));
        return taking.Count > 0 && without == 0
            ? Met()
            : Missing(taking.Count == 0
                ? "Name the parents or carers taking part, and record each one's informed consent to VIG."
                : $"Record informed consent to take part in VIG from each parent or carer taking part ({without} of {taking.Count} without consent in force).");
    }
}

internal sealed class OlderChildHasConsentedToFilmingRule() : AcceptanceRule(RuleCode, RuleKind.Information)
{
    public const string RuleCode = "consent.child-filming";

    public override string Criterion(AcceptancePolicy policy) =>
        $"A child aged {policy.ChildConsentAgeYears} or over on the referral date who will be filmed has given their own consent to be filmed.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        $"Give the child's date of birth; if the child is {policy.ChildConsentAgeYears} or over and will be filmed, record the child's own consent to being filmed.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy)
    {
        if (facts.Details.Child is not { } child)
        {
            return Missing("Give the child's date of birth, so that the need for the child's own consent to filming is known.");
        }

        var needsOwnConsent = child.WillBeFilmed && child.AgeOn(facts.ReferralDate) >= policy.ChildConsentAgeYears;
        return !needsOwnConsent || facts.HasConsent(null, ConsentKind.BeFilmed)
            ? Met()
            : Missing($"The child is {policy.ChildConsentAgeYears} or over and will be filmed: record the child's own consent to being filmed.");
    }
}

internal sealed class ParentCarerTakesPartRule() : AcceptanceRule("parent-carers.taking-part", RuleKind.Information)
{
    public override string Criterion(AcceptancePolicy policy) => "At least one parent or carer will take part in VIG.";

    public override string WhatToDo(AcceptancePolicy policy) => "Name at least one parent or carer who will take part in VIG.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) =>
        facts.Details.ParentCarers.Any(p => p.TakesPart) ? Met() : Missing();
}
