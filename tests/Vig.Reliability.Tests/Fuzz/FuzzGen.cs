using System.Globalization;
using CsCheck;

namespace Vig.Reliability.Tests.Fuzz;

/// <summary>CsCheck generators of hostile requests: mostly valid, spoiled in one to three places.</summary>
internal static class FuzzGen
{
    /// <summary>JSON values of the wrong type, out of range, malformed or merely strange.</summary>
    private static readonly string[] Odd =
    [
        "null", "true", "false", "0", "-1", "1.5", "-0", "1e-320", "2147483647", "2147483648", "-2147483649",
        "9223372036854775808", "123456789012345678901234567890", "1e400", "-1e400", "1E+2", "0x10", "[]", "{}",
        "[[[[[[[[]]]]]]]]", "[null]", "[1,\"a\",null,{}]", "{\"a\":{\"b\":{\"c\":null}}}",
        "\"\"", "\" \"", "\"\\t\\n\"", "\"\\u0000\"", "\"a\\u0000b\"", "\"\\u0007\\u001b[31m\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"x\\ud83d\"",
        "\"\u202eevil\"", "\"\u200b\"", "\"\ufeff\"", "\"\uffff\"", "\"\U0001F600\"", "\"e\u0301\u0301\u0301\"", "\"\uff21\uff22\"", "\"\u0645\u0631\u062d\u0628\u0627\"",
        "\"null\"", "\"true\"", "\"0\"", "\"-1\"", "\"NaN\"", "\"Infinity\"", "\"'; DROP TABLE referrals; --\"", "\"<script>alert(1)</script>\"",
        "\"%00\"", "\"../../etc/passwd\"", "\"${jndi:ldap://x}\"", "\"{{7*7}}\"",
        "\"0001-01-01\"", "\"9999-12-31\"", "\"2026-02-30\"", "\"2026-13-01\"", "\"2026-00-10\"", "\"10000-01-01\"", "\"-0001-01-01\"",
        "\"2026-11-24T10:00:00Z\"", "\"2026-11-24T25:00:00\"", "\"1900-01-01\"", "\"1989-12-31\"", "\"2999-01-01\"", "\"24/11/2026\"", "\"20261124\"",
        "\"MOTHER\"", "\"Mother\"", "\"mother \"", "\"unknown\"", "\"caseManagementDecision\"", "\"takePartInVig\"", "\"completed\"",
        "\"socialWorker\"", "\"birthFamily\"", "\"relationship-not-as-expected\"", "\"not-eligible\"", "99", "\"1\"",
        "\"00000000-0000-0000-0000-000000000000\"", "\"3f2b8c1e-5d4a-4f6e-9a7b-1c2d3e4f5a6b\"", "\"{3f2b8c1e-5d4a-4f6e-9a7b-1c2d3e4f5a6b}\"", "\"not-a-guid\"",
    ];

    private static readonly Gen<string> HostileValue = Gen.Frequency(
        (10, Gen.OneOf(Odd)),
        (3, Gen.String[0, 40].Select(JsonText.Quote)),
        (1, Gen.Int[0, 0x1f].Select(i => (char)i).Array[1, 8].Select(chars => JsonText.Quote(new string(chars)))),
        (1, Gen.OneOf(65, 201, 255, 256, 2001, 4001, 20_000, 300_000).Select(n => JsonText.Quote(new string('x', n)))),
        (1, Gen.Long.Select(l => l.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => double.IsFinite(d) ? d.ToString("R", CultureInfo.InvariantCulture) : "1e999")),
        (1, Gen.DateOnly.Select(d => JsonText.Quote(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))));

    private static readonly Gen<JsonMutation> Mutation =
        Gen.Select(Gen.Enum<MutationKind>(), Gen.Int[0, 1000], HostileValue, Gen.OneOf(1, 2, 17, 100, 3000), (kind, pick, value, count) => new JsonMutation(kind, pick, value, count));

    private static readonly Gen<RawMutation> Raw = Gen.Frequency(
        (12, Gen.Const<RawMutation>(new RawMutation(RawKind.None, 0, 0))),
        (1, Gen.Select(Gen.Enum<RawKind>(), Gen.Int[0, 5000], Gen.Int[0, 5000], (kind, position, variant) => new RawMutation(kind, position, variant))));

    private static readonly string[] OddContentTypes =
    [
        "application/json; charset=utf-8", "application/json; charset=UTF-8", "application/json;charset=\"utf-8\"", "application/json; charset=latin1",
        "application/json; charset=iso-8859-1", "application/json; charset=utf-16", "application/json; charset=utf-32", "application/json; charset=nonsense",
        "application/json; charset=", "text/plain", "text/json", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
        "application/merge-patch+json", "application/problem+json", "application/vnd.api+json", "application/*", "*/*", "", "garbage", ";;;", "application/json; boundary",
        "APPLICATION/JSON", "application/json, text/plain", "application/json; q=0.5", FuzzCase.OmitHeader,
    ];

    private static readonly Gen<string?> ContentType = Gen.Frequency(
        (6, Gen.Const<string?>("application/json")),
        (1, Gen.OneOf(OddContentTypes).Select(t => t == FuzzCase.OmitHeader ? null : t)));

    /// <summary>Header text that HTTP can carry: no CR, LF or other control characters but tab.</summary>
    private static readonly Gen<string> HeaderText = Gen.String[0, 60].Select(s => new string([.. s.Where(c => c == '\t' || (c >= ' ' && c != '\u007f'))]));

    private static readonly string[] OddIfMatch =
    [
        "*", "", " ", "W/", "W/\"\"", "\"\"", "\"abc\"", "W/\"abc\"", "W/\"-1\"", "W/\"0\"", "W/\"1.0\"", "W/\"+1\"", "W/\" 1\"", "W/\"1\", W/\"2\"",
        "W/\"99999999999999999999\"", "W/\"2147483648\"", "null", "W/\"\u0661\"", "w/\"1\"", "W/'1'", "W/\"1", "1", "W/\"" + new string('9', 2000) + "\"",
    ];

    private static readonly Gen<(IfMatchKind, string)> IfMatch = Gen.Frequency(
        (6, Gen.Const((IfMatchKind.Current, string.Empty))),
        (1, Gen.Const((IfMatchKind.Missing, string.Empty))),
        (1, Gen.OneOf("+", "--").Select(s => (IfMatchKind.Stale, s))),
        (1, Gen.Const((IfMatchKind.Strong, string.Empty))),
        (1, Gen.OneOf(Gen.OneOf(OddIfMatch), HeaderText).Select(s => (IfMatchKind.Garbage, s))));

    /// <summary>Two header values are joined by \u0001 and sent as two Idempotency-Key headers.</summary>
    private static readonly string[] OddKeys =
    [
        "", " ", "\t", new('k', 255), new('k', 256), new('k', 5000), "a, b", "a\u0001b", "\u043a\u043b\u044e\u0447", "\U0001F511", "key with spaces", "null", "../../etc", "%00", "\"quoted\"", "k\u00e9y",
    ];

    private static readonly Gen<string?> IdempotencyKey = Gen.Frequency(
        (6, Gen.Const<string?>((string?)null)),
        (3, Gen.Guid.Select(g => (string?)g.ToString())),
        (2, Gen.OneOf(Gen.OneOf(OddKeys), HeaderText).Select(s => (string?)s)));

    private static readonly Gen<(PathKind, string)> Path = Gen.Frequency(
        (12, Gen.Const((PathKind.Target, string.Empty))),
        (1, Gen.Guid.Select(g => (PathKind.UnknownId, g.ToString()))),
        (1, Gen.OneOf("not-a-guid", "00000000-0000-0000-0000-000000000000", "%2e%2e", "1", "%20", "3f2b8c1e5d4a4f6e9a7b1c2d3e4f5a6b", "{3f2b8c1e-5d4a-4f6e-9a7b-1c2d3e4f5a6b}").Select(s => (PathKind.Garbage, s))));

    public static readonly Gen<FuzzCase> Case = Gen.Select(
        Gen.Int[0, WriteEndpoint.All.Length - 1],
        Mutation.Array[0, 3],
        Raw,
        ContentType,
        IfMatch,
        IdempotencyKey,
        Path,
        (endpoint, mutations, raw, contentType, ifMatch, key, path) =>
            new FuzzCase(endpoint, mutations, raw, contentType, ifMatch.Item1, ifMatch.Item2, key, path.Item1, path.Item2))
        .Where(c => c.IsSpoiled);
}
