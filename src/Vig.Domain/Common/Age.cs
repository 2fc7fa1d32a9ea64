namespace Vig.Domain.Common;

/// <summary>
/// Age in whole years, as the acceptance rules count it. Someone born on 29 February has their
/// birthday on 28 February in common years (docs/decisions/0005-ages-and-acceptance-policy.md).
/// </summary>
public static class Age
{
    public static int InYears(DateOnly dateOfBirth, DateOnly on)
    {
        var years = on.Year - dateOfBirth.Year;
        return on < BirthdayIn(dateOfBirth, on.Year) ? years - 1 : years;
    }

    /// <summary>The date of the birthday in <paramref name="year"/>.</summary>
    public static DateOnly BirthdayIn(DateOnly dateOfBirth, int year) =>
        dateOfBirth is { Month: 2, Day: 29 } && !DateTime.IsLeapYear(year)
            ? new DateOnly(year, 2, 28)
            : new DateOnly(year, dateOfBirth.Month, dateOfBirth.Day);
}
