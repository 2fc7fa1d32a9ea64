using Vig.Domain.Common;
using Vig.Domain.Questionnaires;

namespace Vig.Domain.Referrals;

/// <summary>
/// A completed pre-assessment questionnaire kept with a referral: which version was used
/// (<see cref="QuestionnaireId"/> and <see cref="QuestionnaireVersion"/>), which parent/carer of the
/// referral completed it and on what day, the answers by item number, and the scores worked out when
/// it was recorded. The scores are kept as they were, so a later version of the questionnaire
/// never changes them. Scores describe; they never take part in the acceptance rules.
/// </summary>
public sealed class QuestionnaireResult
{
    private QuestionnaireResult(string questionnaireId, int questionnaireVersion, QuestionnaireTimepoint timepoint, Guid parentCarerId, DateOnly completedOn, IReadOnlyList<ItemAnswer> answers, IReadOnlyList<SubscaleScore> scores, string recordedBy, DateTimeOffset recordedAt)
    {
        QuestionnaireId = questionnaireId;
        Timepoint = timepoint;
        QuestionnaireVersion = questionnaireVersion;
        ParentCarerId = parentCarerId;
        CompletedOn = completedOn;
        Answers = answers;
        Scores = scores;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    private QuestionnaireResult()
    {
        // For materialising a stored result: EF Core adds the stored answers and scores to the lists.
        QuestionnaireId = string.Empty;
        Answers = new List<ItemAnswer>();
        Scores = new List<SubscaleScore>();
        RecordedBy = string.Empty;
    }

    public string QuestionnaireId { get; private set; }

    public int QuestionnaireVersion { get; private set; }

    /// <summary>Before VIG (the pre-assessment) or after it; forms kept before timepoints existed are before.</summary>
    public QuestionnaireTimepoint Timepoint { get; private set; }

    /// <summary>The parent/carer of the referral who completed the form: the respondent a before and an after form are paired by.</summary>
    public Guid ParentCarerId { get; private set; }

    public DateOnly CompletedOn { get; private set; }

    /// <summary>By item number, ascending; numbers and answers only, never an item's text.</summary>
    public IReadOnlyList<ItemAnswer> Answers { get; private set; }

    /// <summary>In the order of the version's subscales.</summary>
    public IReadOnlyList<SubscaleScore> Scores { get; private set; }

    public string RecordedBy { get; private set; }

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>Scores <paramref name="answers"/> on <paramref name="questionnaire"/>; refused, with nothing kept, unless they are one complete form.</summary>
    public static QuestionnaireResult Completed(Questionnaire questionnaire, QuestionnaireTimepoint timepoint, Guid parentCarerId, DateOnly completedOn, IReadOnlyList<ItemAnswer> answers, Stamp stamp)
    {
        ArgumentNullException.ThrowIfNull(questionnaire);
        ArgumentNullException.ThrowIfNull(stamp);
        var scores = questionnaire.Score(answers);
        return new(questionnaire.Id, questionnaire.Version, timepoint, parentCarerId, completedOn, [.. answers.OrderBy(a => a.Item)], scores, stamp.By, stamp.At);
    }
}
