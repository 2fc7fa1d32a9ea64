namespace Vig.Domain.Common;

/// <summary>
/// The bands reports group children by: the age in whole years (<see cref="Age.InYears"/>) on a
/// day, usually the referral date. The one home of the bands; reports and their order read them here.
/// </summary>
public static class AgeBand
{
    /// <summary>Every band, youngest first: the order reports list them in.</summary>
    public static readonly IReadOnlyList<string> All = ["0-1", "2-4", "5-11", "12-17", "18+"];

    /// <summary>The band of someone born on <paramref name="dateOfBirth"/>, on <paramref name="on"/>; null when either day is unknown or the birth is after it.</summary>
    public static string? On(DateOnly? dateOfBirth, DateOnly? on)
    {
        if (dateOfBirth is not { } born || on is not { } day || born > day)
        {
            return null;
        }

        return Age.InYears(born, day) switch
        {
            <= 1 => All[0],
            <= 4 => All[1],
            <= 11 => All[2],
            <= 17 => All[3],
            _ => All[4],
        };
    }
}
