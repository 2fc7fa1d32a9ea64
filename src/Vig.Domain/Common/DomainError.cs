namespace Vig.Domain.Common;

/// <summary>How a caller should treat an error; the API maps each kind to one HTTP status.</summary>
public enum ErrorKind
{
    /// <summary>The input breaks a rule of the model (HTTP 422).</summary>
    Invalid,

    /// <summary>The thing asked for does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>The request is legal in general but not in the current state (HTTP 409).</summary>
    Conflict,

    /// <summary>The caller may reach the referral but its scopes do not allow this use of the action (HTTP 403).</summary>
    Forbidden,
}

/// <summary>
/// A coded error. <see cref="Code"/> is stable and safe for clients to branch on;
/// <see cref="Message"/> tells a person what to do, in plain English, and never carries personal data.
/// <see cref="RuleCodes"/> names the acceptance rules behind a refusal, when there are any;
/// <see cref="Fields"/> says what is wrong with each part of the input, keyed by its JSON path, when
/// the refusal is about particular fields (e.g. the answers of a questionnaire).
/// </summary>
public sealed record DomainError(string Code, string Message, ErrorKind Kind, IReadOnlyList<string>? RuleCodes = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? Fields = null)
{
    /// <summary>The longest code: clients store and branch on codes, so they stay short.</summary>
    public const int CodeMaxLength = 64;

    public string Code { get; init; } = Code is { Length: > 0 and <= CodeMaxLength }
        ? Code
        : throw new ArgumentException($"An error code has 1 to {CodeMaxLength} characters.", nameof(Code));

    public static DomainError Invalid(string code, string message) => new(code, message, ErrorKind.Invalid);

    public static DomainError NotFound(string code, string message) => new(code, message, ErrorKind.NotFound);

    public static DomainError Conflict(string code, string message) => new(code, message, ErrorKind.Conflict);

    public static DomainError Forbidden(string code, string message) => new(code, message, ErrorKind.Forbidden);
}
