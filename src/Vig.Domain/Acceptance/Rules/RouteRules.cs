using Vig.Domain.Referrals;

namespace Vig.Domain.Acceptance.Rules;

// Source page, "Request involvement from the Service": a CMD or an FFL plan, and no other way.
internal sealed class RouteIsCmdOrFflRule() : AcceptanceRule("route.cmd-or-ffl", RuleKind.Eligibility)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The request comes through a Case Management Decision (CMD) or a Foundations For Life (FFL) plan.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Requests are taken only through a Case Management Decision (CMD) or a Foundations For Life (FFL) plan. Agree the route with your line manager and refer through it.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) => facts.Details.Route switch
    {
        { Kind: var kind } when Enum.IsDefined(kind) => Met(),
        _ => NotMet(),
    };
}

internal sealed class RouteHasReferenceRule() : AcceptanceRule("route.reference", RuleKind.Eligibility)
{
    public override string Criterion(AcceptancePolicy policy) =>
        "The CMD or FFL plan the request comes through is identified by its reference.";

    public override string WhatToDo(AcceptancePolicy policy) =>
        "Give the reference of the Case Management Decision or Foundations For Life plan the request comes through.";

    protected override Finding Check(ReferralFacts facts, AcceptancePolicy policy) => facts.Details.Route switch
    {
        { Reference: { } reference } when !string.IsNullOrWhiteSpace(reference) => Met(),
        { Kind: RouteKind.FoundationsForLife } => NotMet("Give the reference of the Foundations For Life plan the request comes through."),
        _ => NotMet(),
    };
}
