using System.Globalization;
using System.Text.RegularExpressions;

namespace Vig.Domain.Referrals;

/// <summary>The human reference of a referral, e.g. VIG-2026-000123: the year it was created and a number.</summary>
public sealed partial record ReferralReference
{
    public const int MaxLength = 20;

    private ReferralReference(string value) => Value = value;

    public string Value { get; }

    public static ReferralReference Create(int year, long number)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(year, 2000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(year, 9999);
        ArgumentOutOfRangeException.ThrowIfLessThan(number, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(number, 99_999_999);
        return new ReferralReference(string.Create(CultureInfo.InvariantCulture, $"VIG-{year}-{number:D6}"));
    }

    public static ReferralReference Parse(string value) =>
        TryParse(value, out var reference) ? reference! : throw new FormatException($"'{value}' is not a referral reference (VIG-yyyy-nnnnnn).");

    public static bool TryParse(string? value, out ReferralReference? reference)
    {
        reference = value is not null && Pattern().IsMatch(value) ? new ReferralReference(value) : null;
        return reference is not null;
    }

    public override string ToString() => Value;

    [GeneratedRegex("^VIG-[0-9]{4}-[0-9]{6,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
