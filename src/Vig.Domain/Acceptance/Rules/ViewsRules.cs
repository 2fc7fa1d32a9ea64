namespace Vig.Domain.Acceptance.Rules;

// Source page, "Answers to the following questions will be required before the request is accepted".
internal sealed class HopedForChangeIsAgreedRule() : AcceptanceRule("views.hoped-for-change", RuleKind.Information)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The parent or carer says what change they hope for from VIG, and it has been mutually agreed.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Record, in the parent or carer's words, the change they hope for from VIG, and confirm it is mutually agreed.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) =>
        facts.Details.Views is { ChangeMutuallyAgreed: true, HopedForChange: { } change } && !string.IsNullOrWhiteSpace(change)
            ? Met()
            : Missing();
}

internal sealed class ImpactOnChildIsClearRule() : AcceptanceRule("views.impact-on-child", RuleKind.Information)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The parent or carer says what impact the change will have on the child's lived experience, and is clear about it.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Record what impact the change will have on the child's lived experience, and confirm the parent or carer is clear about it.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) =>
        facts.Details.Views is { ParentCarerClearAboutImpact: true, ImpactOnChild: { } impact } && !string.IsNullOrWhiteSpace(impact)
            ? Met()
            : Missing();
}
