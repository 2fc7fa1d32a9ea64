namespace Vig.Domain.ServiceLevels;

/// <summary>
/// The bank holidays the council closes on (England and Wales), as the days they are taken: a
/// Christmas Day on a Saturday answers for the Monday after it, not for the Saturday.
/// </summary>
public interface IBankHolidays
{
    bool IsBankHoliday(DateOnly day);
}
