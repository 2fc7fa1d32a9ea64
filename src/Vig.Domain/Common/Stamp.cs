namespace Vig.Domain.Common;

/// <summary>
/// Who did something and when: <paramref name="By"/> names the actor (a client or a person, never
/// a family member's details); <paramref name="At"/> is the instant; <paramref name="On"/> is the
/// council's calendar day at that instant, used for ages and decisions.
/// </summary>
public sealed record Stamp(string By, DateTimeOffset At, DateOnly On)
{
    public const int ActorMaxLength = 200;
}
