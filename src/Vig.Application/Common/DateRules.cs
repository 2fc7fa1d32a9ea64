using System.Globalization;
using FluentValidation;

namespace Vig.Application.Common;

/// <summary>
/// Dates of things that have happened: a birth, a video shown, a consent given or withdrawn. None
/// is before 1900 or after today in the service's calendar (docs/decisions/0005-ages-and-acceptance-policy.md).
/// </summary>
public static class DateRules
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>
    /// Between 1900-01-01 and today; <paramref name="what"/> names the date in the messages ("The date of birth").
    /// Today is the request's (<see cref="RequestValidation"/> passes its <see cref="ServiceClock"/>), so
    /// validation and the change see the same day; a validator run on its own asks <paramref name="calendar"/>.
    /// </summary>
    public static IRuleBuilderOptions<T, DateOnly?> HasHappened<T>(this IRuleBuilder<T, DateOnly?> rule, ServiceCalendar calendar, string what)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return rule
            .Must(date => date is null || date >= Earliest)
            .WithMessage($"{what} is before {Text(Earliest)}; check it.")
            .Must((_, date, context) =>
            {
                var today = context.RootContextData.TryGetValue(RequestValidation.ClockKey, out var clock) && clock is ServiceClock request ? request.Today : calendar.Today;
                context.MessageFormatter.AppendArgument("Today", Text(today));
                return date is null || date <= today;
            })
            .WithMessage($"{what} is after today ({{Today}}); give a date that has passed.");
    }

    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
