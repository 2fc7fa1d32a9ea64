using Vig.Domain.Questionnaires;

namespace Vig.Domain.Referrals;

/// <summary>
/// What changed between a parent/carer's form before VIG and their form after it, on one
/// questionnaire version: both forms' days and, per subscale, both scores and the change.
/// </summary>
public sealed record MeasuredChange(
    Guid ParentCarerId,
    string QuestionnaireId,
    int QuestionnaireVersion,
    DateOnly BeforeCompletedOn,
    DateOnly AfterCompletedOn,
    IReadOnlyList<SubscaleChange> Subscales);

/// <summary>
/// One subscale's scores before and after VIG and the change (after minus before), with the
/// literature's reading of the subscale as kept with the after form. Descriptive: never a verdict.
/// </summary>
public sealed record SubscaleChange(string Code, string Name, decimal Before, decimal After, decimal Change, string Reading);

/// <summary>Pairs kept forms into measured changes: a pure function of the forms, worked out on every read.</summary>
public static class QuestionnaireChanges
{
    /// <summary>
    /// One change per parent/carer and questionnaire version that has at least one form before and
    /// one after VIG. Forms of different respondents or versions are never paired (their scores are
    /// not comparable). A form recorded again corrects the earlier one, so the last recorded form of
    /// each timepoint is used. In the order each pair's first form was recorded.
    /// </summary>
    public static IReadOnlyList<MeasuredChange> Between(IEnumerable<QuestionnaireResult> forms)
    {
        ArgumentNullException.ThrowIfNull(forms);
        var changes = new List<MeasuredChange>();
        foreach (var respondent in forms.GroupBy(f => (f.ParentCarerId, f.QuestionnaireId, f.QuestionnaireVersion)))
        {
            var before = respondent.LastOrDefault(f => f.Timepoint == QuestionnaireTimepoint.Before);
            var after = respondent.LastOrDefault(f => f.Timepoint == QuestionnaireTimepoint.After);
            if (before is null || after is null)
            {
                continue;
            }

            var subscales = after.Scores
                .Select(a => (After: a, Before: before.Scores.FirstOrDefault(b => b.Code == a.Code)))
                .Where(p => p.Before is not null)
                .Select(p => new SubscaleChange(p.After.Code, p.After.Name, p.Before!.Score, p.After.Score, p.After.Score - p.Before.Score, p.After.Reading))
                .ToList();
            changes.Add(new MeasuredChange(respondent.Key.ParentCarerId, respondent.Key.QuestionnaireId, respondent.Key.QuestionnaireVersion, before.CompletedOn, after.CompletedOn, subscales));
        }

        return changes;
    }
}
