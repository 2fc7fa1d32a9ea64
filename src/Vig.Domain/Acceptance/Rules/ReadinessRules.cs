namespace Vig.Domain.Acceptance.Rules;

// Source page, "Before making a request, please consider the following".
internal sealed class AssessmentIndicatesVigRule() : AcceptanceRule("readiness.assessment", RuleKind.Information)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The referrer's assessment of the family indicates that VIG is the right intervention, and says why.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Confirm that your assessment indicates VIG is the right intervention, and say why. If unsure, the PRFQ pre-assessment can help.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) =>
        facts.Details.Readiness is { AssessmentIndicatesVig: true, AssessmentSummary: { } why } && !string.IsNullOrWhiteSpace(why)
            ? Met()
            : Missing();
}

internal sealed class ExplainerVideoShownRule() : AcceptanceRule("readiness.explainer-video", RuleKind.Information)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The family has been shown a video explaining VIG, so that their consent is informed.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Show the family one of the videos explaining VIG and record that they have seen it.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) =>
        facts.Details.Readiness.ExplainerVideoShown == true ? Met() : Missing();
}

internal sealed class ProfessionalNetworkConsultedRule() : AcceptanceRule("readiness.professional-network", RuleKind.Information)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The other professionals working with the family have been consulted and agree why VIG would help.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Discuss VIG with the other professionals working with the family and confirm that everyone is clear why it would help.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) =>
        facts.Details.Readiness is { ProfessionalNetworkConsulted: true, ProfessionalNetworkAgrees: true } ? Met() : Missing();
}
