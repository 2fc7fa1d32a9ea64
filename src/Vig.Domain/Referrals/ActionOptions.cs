using Vig.Domain.Common;

namespace Vig.Domain.Referrals;

/// <summary>An action the status allows that would be refused now, with the error it would meet (its code, message and rule codes).</summary>
public sealed record BlockedAction(ReferralAction Action, DomainError Error);

/// <summary>The actions a referral's status allows, split into those that would succeed now and those that are blocked.</summary>
public sealed record ActionOptions(IReadOnlyList<ReferralAction> Available, IReadOnlyList<BlockedAction> Blocked);
