namespace Vig.Domain.ServiceLevels;

/// <summary>
/// The council's working days, which the service-level clocks count in: Monday to Friday, except
/// bank holidays, by the calendar day in the council's time zone (Europe/London). A clock started
/// on any day (a working day or not, at any hour) starts counting on the first working day after
/// it, and runs until the end of its last working day (docs/decisions/0029-working-days.md).
/// </summary>
public sealed class WorkingDays(TimeZoneInfo zone, IBankHolidays bankHolidays)
{
    private readonly TimeZoneInfo _zone = zone;
    private readonly IBankHolidays _bankHolidays = bankHolidays;

    public bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_bankHolidays.IsBankHoliday(date);

    /// <summary>The council's calendar day at <paramref name="instant"/>.</summary>
    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, _zone).DateTime);

    /// <summary>
    /// The due day of a clock of <paramref name="workingDays"/> started on <paramref name="day"/>:
    /// the <paramref name="workingDays"/>th working day after it (the start's day is never counted).
    /// </summary>
    public DateOnly DueOn(DateOnly day, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        while (workingDays > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                workingDays--;
            }
        }

        return day;
    }

    /// <summary>
    /// When a clock of <paramref name="workingDays"/> started at <paramref name="start"/> is due: the
    /// end of the <paramref name="workingDays"/>th working day after the start's day, that is the
    /// council's midnight that follows it, in UTC. The clock is overdue from that instant on.
    /// </summary>
    public DateTimeOffset DueAt(DateTimeOffset start, int workingDays) =>
        StartOf(DueOn(DayOf(start), workingDays).AddDays(1));

    /// <summary>
    /// Working days after <paramref name="from"/>, up to and including <paramref name="to"/>;
    /// negative when <paramref name="to"/> comes first, so that <c>Between(a, b) == -Between(b, a)</c>.
    /// </summary>
    public int Between(DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return -Between(to, from);
        }

        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Working days a clock started at <paramref name="start"/> has run by <paramref name="now"/>: 0 on the start's day, the target on the due day.</summary>
    public int Elapsed(DateTimeOffset start, DateTimeOffset now) => Between(DayOf(start), DayOf(now));

    /// <summary>
    /// Working days left at <paramref name="now"/> before <paramref name="due"/>, not counting
    /// today: the target at the start, 0 on the due day. Past the due instant it is 0 or less,
    /// minus the working days overdue (-1 on the first working day after the due day); whether the
    /// clock is overdue at all is <c>now &gt;= due</c>.
    /// </summary>
    public int Left(DateTimeOffset now, DateTimeOffset due) => Between(DayOf(now), DayOf(due.AddTicks(-1)));

    /// <summary>
    /// The first instant of <paramref name="day"/> in the council's time zone. London's clocks change
    /// at 1 a.m.; where a zone repeats midnight the day starts at the first one, and where its clocks
    /// jump over midnight the day starts at the jump (the offset of a skipped time is the standard one).
    /// </summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue);
        var offset = _zone.IsAmbiguousTime(midnight) ? _zone.GetAmbiguousTimeOffsets(midnight).Max() : _zone.GetUtcOffset(midnight);
        return new DateTimeOffset(midnight, offset).ToUniversalTime();
    }
}
