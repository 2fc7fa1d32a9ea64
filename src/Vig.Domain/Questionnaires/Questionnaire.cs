using System.Globalization;
using Vig.Domain.Common;

namespace Vig.Domain.Questionnaires;

/// <summary>
/// One version of a questionnaire (e.g. the 18-item PRFQ, version 1) as data: the children's ages it
/// is for, the answer scale, the subscales with their item numbers and the reverse-scored items. Item
/// wording is the authors' copyright and is never held: items are known by number only. Versions
/// come from a data file (docs/decisions/0016-questionnaire-versions-as-data.md); <see cref="Define"/>
/// refuses a definition that could not be scored.
/// </summary>
public sealed class Questionnaire
{
    public const int IdMaxLength = 40;
    public const int NameMaxLength = 100;
    public const int NoteMaxLength = 500;

    /// <summary>The highest version number; versions count up from 1.</summary>
    public const int MaxVersion = 9999;

    /// <summary>The most items a version may have, and the highest item number.</summary>
    public const int MaxItems = 100;

    public const int MaxSubscales = 10;

    /// <summary>No scale reaches below or above these: they bound every answer on the wire.</summary>
    public const int LowestScaleValue = 0;

    public const int HighestScaleValue = 10;

    /// <summary>The oldest age in whole years a version can name.</summary>
    public const int MaxAgeYears = 25;

    private Questionnaire(string id, string name, int version, AgeRange ages, int scaleMin, int scaleMax, IReadOnlyList<Subscale> subscales, IReadOnlyList<int> reverseScored, string? note)
    {
        Id = id;
        Name = name;
        Version = version;
        Ages = ages;
        ScaleMin = scaleMin;
        ScaleMax = scaleMax;
        Subscales = subscales;
        ReverseScored = reverseScored;
        Note = note;
        Items = [.. subscales.SelectMany(s => s.Items).Order()];
    }

    /// <summary>A short stable id, e.g. "prfq"; the same for every version of the questionnaire.</summary>
    public string Id { get; }

    public string Name { get; }

    public int Version { get; }

    /// <summary>The children's ages, in whole years on the day, that this version is for.</summary>
    public AgeRange Ages { get; }

    public int ScaleMin { get; }

    public int ScaleMax { get; }

    /// <summary>In the order of the definition.</summary>
    public IReadOnlyList<Subscale> Subscales { get; }

    /// <summary>Items scored as (<see cref="ScaleMin"/> + <see cref="ScaleMax"/>) - answer, in ascending order.</summary>
    public IReadOnlyList<int> ReverseScored { get; }

    /// <summary>Every item number, ascending: each belongs to exactly one subscale.</summary>
    public IReadOnlyList<int> Items { get; }

    /// <summary>Anything a user of this version should know (e.g. that it is a placeholder); null for none.</summary>
    public string? Note { get; }

    /// <summary>
    /// A version that can be scored: names and codes present and within their lengths, a scale
    /// inside <see cref="LowestScaleValue"/>..<see cref="HighestScaleValue"/>, an age range inside
    /// 0..<see cref="MaxAgeYears"/>, at least one subscale, every item number in 1..<see cref="MaxItems"/>
    /// and in exactly one subscale, and reverse-scored items among them.
    /// </summary>
    /// <exception cref="ArgumentException">The definition cannot be scored; the message says why.</exception>
    public static Questionnaire Define(string id, string name, int version, AgeRange ages, int scaleMin, int scaleMax, IReadOnlyList<Subscale> subscales, IReadOnlyList<int>? reverseScored, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(ages);
        ArgumentNullException.ThrowIfNull(subscales);
        var what = $"Questionnaire '{id}' version {version}";
        Require(!PlainText.IsBlank(id) && id.Length <= IdMaxLength && id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'),
            $"A questionnaire id has 1 to {IdMaxLength} characters: lower-case letters, digits and '-' (got '{id}').");
        Require(!PlainText.IsBlank(name) && name.Length <= NameMaxLength, $"{what}: give a name of at most {NameMaxLength} characters.");
        Require(version is >= 1 and <= MaxVersion, $"{what}: the version is a whole number from 1 to {MaxVersion}.");
        Require(ages.FromYears >= 0 && ages.FromYears <= ages.ToYears && ages.ToYears <= MaxAgeYears, $"{what}: the age range runs from 0 to {MaxAgeYears} years, lowest first.");
        Require(scaleMin >= LowestScaleValue && scaleMin < scaleMax && scaleMax <= HighestScaleValue, $"{what}: the scale runs from {LowestScaleValue} to {HighestScaleValue}, lowest first.");
        Require(note is null || note.Length <= NoteMaxLength, $"{what}: the note has at most {NoteMaxLength} characters.");
        Require(subscales.Count is >= 1 and <= MaxSubscales, $"{what}: give 1 to {MaxSubscales} subscales.");
        foreach (var subscale in subscales)
        {
            ArgumentNullException.ThrowIfNull(subscale);
            Require(!PlainText.IsBlank(subscale.Code) && subscale.Code.Length <= Subscale.CodeMaxLength, $"{what}: a subscale code has 1 to {Subscale.CodeMaxLength} characters.");
            Require(!PlainText.IsBlank(subscale.Name) && subscale.Name.Length <= NameMaxLength, $"{what}: subscale {subscale.Code} needs a name of at most {NameMaxLength} characters.");
            Require(!PlainText.IsBlank(subscale.Reading) && subscale.Reading.Length <= Subscale.ReadingMaxLength, $"{what}: subscale {subscale.Code} needs a reading of at most {Subscale.ReadingMaxLength} characters.");
            Require(subscale.Items is { Count: > 0 }, $"{what}: subscale {subscale.Code} has no items.");
        }

        Require(subscales.Select(s => s.Code).Distinct(StringComparer.Ordinal).Count() == subscales.Count, $"{what}: subscale codes must differ.");
        var items = subscales.SelectMany(s => s.Items).ToList();
        Require(items.All(i => i is >= 1 and <= MaxItems), $"{what}: item numbers run from 1 to {MaxItems}.");
        Require(items.Distinct().Count() == items.Count, $"{what}: each item belongs to exactly one subscale.");
        var reverse = (reverseScored ?? []).Distinct().Order().ToList();
        Require(reverse.All(items.Contains), $"{what}: every reverse-scored item must be an item of a subscale.");
        return new Questionnaire(id, name, version, ages, scaleMin, scaleMax, [.. subscales.Select(s => s with { Items = [.. s.Items.Order()] })], reverse, note);
    }

    /// <summary>Whether this version is for a child of <paramref name="ageYears"/> whole years.</summary>
    public bool IsFor(int ageYears) => ageYears >= Ages.FromYears && ageYears <= Ages.ToYears;

    /// <summary>
    /// The subscale scores of one completed form: each the mean of its items, reverse-scored items
    /// counted as (scale minimum + scale maximum) - answer, rounded to two decimals. Only a complete
    /// and valid form is scored: every defined item exactly once, each answer on the scale. Anything
    /// else is refused with every problem named by its place in <paramref name="answers"/>, and
    /// nothing is scored.
    /// </summary>
    /// <exception cref="DomainException">The answers are not one complete form of this version (code questionnaire.answers-invalid).</exception>
    public IReadOnlyList<SubscaleScore> Score(IReadOnlyList<ItemAnswer> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var problems = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string path, string message)
        {
            if (!problems.TryGetValue(path, out var list))
            {
                problems[path] = list = [];
            }

            list.Add(message);
        }

        var firstAt = new Dictionary<int, int>();
        for (var i = 0; i < answers.Count; i++)
        {
            var (item, answer) = (answers[i].Item, answers[i].Answer);
            if (!Items.Contains(item))
            {
                Add($"answers[{i}].item", $"Item {item} is not in {Name} version {Version}; its items are {Describe(Items)}. Remove it.");
                continue;
            }

            if (firstAt.TryGetValue(item, out var first))
            {
                Add($"answers[{i}].item", $"Item {item} is answered more than once (first at answers[{first}]). Send each item once.");
                continue;
            }

            firstAt[item] = i;
            if (answer < ScaleMin || answer > ScaleMax)
            {
                Add($"answers[{i}].answer", $"The answer to item {item} must be a whole number from {ScaleMin} to {ScaleMax}.");
            }
        }

        foreach (var missing in Items.Where(item => !firstAt.ContainsKey(item)))
        {
            Add("answers", $"Item {missing} is not answered. Answer every item ({Describe(Items)}); a form with an item missing is not scored.");
        }

        if (problems.Count > 0)
        {
            throw new DomainException(QuestionnaireErrors.AnswersInvalid(problems.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal)));
        }

        var byItem = answers.ToDictionary(a => a.Item, a => ReverseScored.Contains(a.Item) ? ScaleMin + ScaleMax - a.Answer : a.Answer);
        return [.. Subscales.Select(s => new SubscaleScore(s.Code, s.Name, Math.Round((decimal)s.Items.Sum(i => byItem[i]) / s.Items.Count, 2, MidpointRounding.AwayFromZero), s.Reading))];
    }

    /// <summary>"1 to 18" for a run of numbers, else the numbers listed.</summary>
    private static string Describe(IReadOnlyList<int> items) =>
        items.Count > 1 && items[^1] - items[0] == items.Count - 1
            ? string.Create(CultureInfo.InvariantCulture, $"{items[0]} to {items[^1]}")
            : string.Join(", ", items.Select(i => i.ToString(CultureInfo.InvariantCulture)));

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}

/// <summary>Children's ages in whole years, both ends included (13 to 18: from the 13th birthday to the day before the 19th).</summary>
public sealed record AgeRange(int FromYears, int ToYears);

/// <summary>
/// A subscale: its code (e.g. "PM"), name, item numbers and the neutral reading of its score as the
/// literature gives it. Readings are descriptive, never a threshold.
/// </summary>
public sealed record Subscale(string Code, string Name, IReadOnlyList<int> Items, string Reading)
{
    public const int CodeMaxLength = 20;
    public const int ReadingMaxLength = 500;
}

/// <summary>The answer given to one item, by item number.</summary>
public sealed record ItemAnswer(int Item, int Answer);

/// <summary>A subscale's score (the mean of its items, two decimals), with its code, name and reading.</summary>
public sealed record SubscaleScore(string Code, string Name, decimal Score, string Reading);
