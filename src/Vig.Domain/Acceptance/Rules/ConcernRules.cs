namespace Vig.Domain.Acceptance.Rules;

// Source page: concerns that communication, interaction or relationships are not developing as expected.
internal sealed class ConcernCategoryIsNamedRule() : AcceptanceRule("concern.category", RuleKind.Information)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "At least one of the ten concern categories that the assessment indicates is named.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Name at least one concern category (see GET /api/v1/concern-categories).";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) =>
        facts.Details.Concerns.Count > 0 ? Met() : Missing();
}

internal sealed class ConcernIsDescribedRule() : AcceptanceRule("concern.account", RuleKind.Information)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The referrer describes how communication, interaction or relationships are not developing as expected.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Describe how communication, interaction or relationships in the family are not developing as expected.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) =>
        string.IsNullOrWhiteSpace(facts.Details.ConcernAccount) ? Missing() : Met();
}
