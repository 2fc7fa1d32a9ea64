namespace Vig.Domain.Referrals;

/// <summary>
/// One entry of a referral's append-only status history. <see cref="From"/> is null for creation.
/// <see cref="ReasonCode"/> carries a decline reason, closure outcome or similar code;
/// <see cref="Comment"/> the words that came with it.
/// </summary>
public sealed record StatusChange(
    ReferralStatus? From,
    ReferralStatus To,
    DateTimeOffset At,
    string By,
    string? ReasonCode,
    string? Comment)
{
    public const int CommentMaxLength = 2000;
}
