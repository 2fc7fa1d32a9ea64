using Vig.Application.Common;
using Vig.Domain.Acceptance;
using Vig.Domain.Referrals;

namespace Vig.Application.Referrals;

/// <summary>Referrals as the calling client sees them today: only the actions its scopes allow, each checked against the rules.</summary>
public sealed class ReferralViews(AcceptancePolicy policy, ServiceClock clock, ICurrentClient client)
{
    public ReferralView For(Referral referral) => ReferralView.From(referral, policy, clock.Today, action => client.HasScope(ScopeFor(action)));

    /// <summary>The scope a client needs to take an action.</summary>
    public static string ScopeFor(ReferralAction action) => action switch
    {
        ReferralAction.RequestInformation or ReferralAction.Accept or ReferralAction.Decline or ReferralAction.Allocate or ReferralAction.Close => Scopes.Decide,
        _ => Scopes.Submit,
    };
}
