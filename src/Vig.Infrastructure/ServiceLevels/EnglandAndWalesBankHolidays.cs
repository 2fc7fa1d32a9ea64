using System.Collections.Concurrent;
using System.Collections.Frozen;
using PublicHoliday;
using Vig.Domain.ServiceLevels;

namespace Vig.Infrastructure.ServiceLevels;

/// <summary>
/// England and Wales's bank holidays from the PublicHoliday package, as the days they are taken
/// (substitute days included). Its England calendar has the recurring holidays for any year and
/// the one-off days up to its release (docs/decisions/0029-working-days.md); Scotland's and
/// Northern Ireland's own days are not in it.
/// </summary>
/// <remarks>Depends on nothing but the Domain and PublicHoliday: Vig.Domain.Tests compiles this file in.</remarks>
public sealed class EnglandAndWalesBankHolidays : IBankHolidays
{
    // One calendar per year, each computed once on its own instance, so concurrent callers share no package state.
    private readonly ConcurrentDictionary<int, FrozenSet<DateOnly>> _years = new();

    public bool IsBankHoliday(DateOnly day) => _years.GetOrAdd(day.Year, InYear).Contains(day);

    private static FrozenSet<DateOnly> InYear(int year) =>
        new UKBankHoliday { UkCountry = UKBankHoliday.UkCountries.England }
            .PublicHolidays(year)
            .Select(DateOnly.FromDateTime)
            .ToFrozenSet();
}
