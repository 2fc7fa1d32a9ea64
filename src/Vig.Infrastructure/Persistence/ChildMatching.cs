namespace Vig.Infrastructure.Persistence;

/// <summary>
/// How the search for possible duplicates compares children (ADR 0030): by date of birth and a match
/// name, the name decomposed (NFKD) without its combining marks and invisible characters, whitespace
/// collapsed, in lower case ("Zoë  O'Neill" is "zoe o'neill"). PostgreSQL works it out, with the
/// function of migration PossibleDuplicates: the service runs without ICU (InvariantGlobalization),
/// so .NET cannot decompose Unicode, and one function serves the stored column and the search alike.
/// </summary>
internal static class ChildMatching
{
    /// <summary>The child's shadow property (column child_match_name), null once the referral is anonymised.</summary>
    public const string MatchName = "MatchName";

    public const string Function = "vig_child_match_name";

    public const string MatchNameSql = $"CASE WHEN anonymised_at IS NULL THEN {Function}(child_name) END";

    /// <summary>The match name of <paramref name="name"/>, in a query only: EF Core sends it to PostgreSQL's function.</summary>
    public static string MatchNameOf(string name) => throw new InvalidOperationException($"{Function} runs in PostgreSQL only.");
}
