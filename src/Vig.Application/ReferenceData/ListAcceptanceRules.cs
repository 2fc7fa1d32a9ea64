using MediatR;
using Vig.Domain.Acceptance;

namespace Vig.Application.ReferenceData;

/// <summary>The acceptance rules in force, with the policy version that defines them.</summary>
public sealed record ListAcceptanceRules : IRequest<IReadOnlyList<AcceptanceRuleDto>>;

/// <summary>A rule of the catalogue: what it requires and, in general, what to do when a referral does not meet it.</summary>
public sealed record AcceptanceRuleDto(string Code, RuleKind Kind, string Criterion, string WhatToDo, string PolicyVersion);

public sealed class ListAcceptanceRulesHandler(AcceptancePolicy policy) : IRequestHandler<ListAcceptanceRules, IReadOnlyList<AcceptanceRuleDto>>
{
    public Task<IReadOnlyList<AcceptanceRuleDto>> Handle(ListAcceptanceRules request, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<AcceptanceRuleDto>>([.. policy.Rules.Select(r => new AcceptanceRuleDto(r.Code, r.Kind, r.Criterion(policy), r.WhatToDo(policy), policy.Version))]);
}
