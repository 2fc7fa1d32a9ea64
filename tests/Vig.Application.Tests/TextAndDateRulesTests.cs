using FluentValidation;
using Vig.Application.Common;

namespace Vig.Application.Tests;

/// <summary>The shared rules directly, including what HTTP cannot deliver (JSON readers refuse lone surrogates first).</summary>
public sealed class TextAndDateRulesTests
{
    private static readonly ServiceCalendar Calendar = new(new FixedTime(new DateTimeOffset(2026, 11, 24, 23, 30, 0, TimeSpan.Zero)), TimeZoneInfo.Utc);

    [Theory]
    [InlineData("Jo Example", true, true)]
    [InlineData("Jo\u0000", false, false)]
    [InlineData("Jo\u001b", false, false)]
    [InlineData("Jo\u0085", false, false)]
    [InlineData("line\nline\r\n\ttab", false, true)]
    [InlineData("Jo \ud83d\ude00", true, true)]
    [InlineData("\u200bJo\u200d", true, true)]
    public void Text_IsRefused_WhenItHasControlCharactersOrLoneSurrogates(string text, bool validOneLine, bool validFreeText)
    {
        var sample = new Sample(text, null);

        Assert.Equal(validOneLine, new OneLineValidator().Validate(sample).IsValid);
        Assert.Equal(validFreeText, new FreeTextValidator().Validate(sample).IsValid);
    }

    [Fact]
    public void Text_WithALoneSurrogate_IsRefused()
    {
        // Built here: attribute arguments cannot carry a lone surrogate (they are stored as UTF-8).
        foreach (var text in new[] { "Jo" + (char)0xD800, (char)0xDC00 + "Jo", "Jo" + (char)0xDE00 + (char)0xD83D })
        {
            var sample = new Sample(text, null);
            Assert.False(new OneLineValidator().Validate(sample).IsValid);
            Assert.Contains("surrogate", new FreeTextValidator().Validate(sample).Errors.Single().ErrorMessage, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("1899-12-31", false)]
    [InlineData("1900-01-01", true)]
    [InlineData("2026-11-24", true)]
    [InlineData("2026-11-25", false)]
    [InlineData("9999-12-31", false)]
    public void ADateThatHasHappened_IsFrom1900ToToday(string date, bool valid) =>
        Assert.Equal(valid, new DateValidator().Validate(new Sample(null, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))).IsValid);

    [Fact]
    public void Today_IsTheCouncilsCalendarDay_NotUtcs()
    {
        var london = new ServiceCalendar(new FixedTime(new DateTimeOffset(2026, 6, 30, 23, 30, 0, TimeSpan.Zero)), TimeZoneInfo.FindSystemTimeZoneById("Europe/London"));

        Assert.Equal(new DateOnly(2026, 7, 1), london.Today);
    }

    private sealed record Sample(string? Text, DateOnly? Date);

    private sealed class OneLineValidator : AbstractValidator<Sample>
    {
        public OneLineValidator() => RuleFor(x => x.Text).SingleLine();
    }

    private sealed class FreeTextValidator : AbstractValidator<Sample>
    {
        public FreeTextValidator() => RuleFor(x => x.Text).MultiLine();
    }

    private sealed class DateValidator : AbstractValidator<Sample>
    {
        public DateValidator() => RuleFor(x => x.Date).HasHappened(Calendar, "The date");
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
