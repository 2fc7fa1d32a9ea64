using System.ComponentModel.DataAnnotations;
using Vig.Api.OpenApi;
using Vig.Application.Questionnaires;
using Vig.Domain.Common;
using Model = Vig.Domain.Questionnaires;

namespace Vig.Api.Contracts;

// The pre-assessment questionnaires (PRFQ and its versions). Items are known by number only: the
// wording is the authors' copyright, and neither the service nor its answers ever carry it.

/// <summary>A questionnaire version: who it is for, its answer scale and how it is scored. Items are numbers only; their wording is never held.</summary>
[MaxItemsOf(Catalogue.QuestionnaireVersions)]
public sealed record QuestionnaireResponse
{
    /// <summary>The questionnaire's id, the same for all its versions (e.g. prfq); use it in /questionnaires/{id}/score.</summary>
    [MaxLength(Model.Questionnaire.IdMaxLength)]
    public required string Id { get; init; }

    /// <summary>The questionnaire's name.</summary>
    [MaxLength(Model.Questionnaire.NameMaxLength)]
    public required string Name { get; init; }

    /// <summary>The version; scores are always given and kept with the id and version used.</summary>
    [Range(1, Model.Questionnaire.MaxVersion)]
    public required int Version { get; init; }

    /// <summary>True for the version offered now (the highest); older versions can still be scored and recorded.</summary>
    public required bool Current { get; init; }

    /// <summary>The child's age in whole years, both ends included, that the version is for (0 and 11: from birth to the day before the 12th birthday).</summary>
    public required AgeRangeResponse Ages { get; init; }

    /// <summary>Every answer is a whole number from this lowest value.</summary>
    [Range(Model.Questionnaire.LowestScaleValue, Model.Questionnaire.HighestScaleValue)]
    public required int ScaleMin { get; init; }

    /// <summary>Every answer is a whole number up to this highest value.</summary>
    [Range(Model.Questionnaire.LowestScaleValue, Model.Questionnaire.HighestScaleValue)]
    public required int ScaleMax { get; init; }

    /// <summary>Every item number, ascending: a form answers each exactly once.</summary>
    [MaxLength(Model.Questionnaire.MaxItems)]
    [ItemRange(1, Model.Questionnaire.MaxItems)]
    public required IReadOnlyList<int> Items { get; init; }

    /// <summary>The subscales; each score is the mean of its items.</summary>
    [MaxLength(Model.Questionnaire.MaxSubscales)]
    public required IReadOnlyList<SubscaleResponse> Subscales { get; init; }

    /// <summary>Items scored as (scaleMin + scaleMax) - answer, e.g. 8 - answer on a 1-7 scale.</summary>
    [MaxLength(Model.Questionnaire.MaxItems)]
    [ItemRange(1, Model.Questionnaire.MaxItems)]
    public required IReadOnlyList<int> ReverseScoredItems { get; init; }

    /// <summary>What a user of this version should know (e.g. that it stands in for a definition still to come); null for nothing.</summary>
    [MaxLength(Model.Questionnaire.NoteMaxLength)]
    public required string? Note { get; init; }

    internal static QuestionnaireResponse From(QuestionnaireView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var q = view.Questionnaire;
        return new()
        {
            Id = q.Id,
            Name = q.Name,
            Version = q.Version,
            Current = view.IsCurrent,
            Ages = new AgeRangeResponse { FromYears = q.Ages.FromYears, ToYears = q.Ages.ToYears },
            ScaleMin = q.ScaleMin,
            ScaleMax = q.ScaleMax,
            Items = q.Items,
            Subscales = [.. q.Subscales.Select(s => new SubscaleResponse { Code = s.Code, Name = s.Name, Items = s.Items, Reading = s.Reading })],
            ReverseScoredItems = q.ReverseScored,
            Note = q.Note,
        };
    }
}

/// <summary>Children's ages in whole years, both ends included.</summary>
public sealed record AgeRangeResponse
{
    /// <summary>The youngest age, in whole years.</summary>
    [Range(0, Model.Questionnaire.MaxAgeYears)]
    public required int FromYears { get; init; }

    /// <summary>The oldest age, in whole years (up to the day before the next birthday).</summary>
    [Range(0, Model.Questionnaire.MaxAgeYears)]
    public required int ToYears { get; init; }
}

/// <summary>A subscale of a questionnaire version.</summary>
public sealed record SubscaleResponse
{
    /// <summary>The subscale's code, e.g. PM, CMS, IC.</summary>
    [MaxLength(Model.Subscale.CodeMaxLength)]
    public required string Code { get; init; }

    /// <summary>The subscale's name.</summary>
    [MaxLength(Model.Questionnaire.NameMaxLength)]
    public required string Name { get; init; }

    /// <summary>Its item numbers, ascending.</summary>
    [MaxLength(Model.Questionnaire.MaxItems)]
    [ItemRange(1, Model.Questionnaire.MaxItems)]
    public required IReadOnlyList<int> Items { get; init; }

    /// <summary>How the literature reads its score; descriptive, never a threshold.</summary>
    [MaxLength(Model.Subscale.ReadingMaxLength)]
    public required string Reading { get; init; }
}

/// <summary>The answer to one item.</summary>
public sealed record AnswerRequest
{
    /// <summary>The item's number, one of the version's items (422 otherwise, naming it).</summary>
    [Required]
    [Range(1, Model.Questionnaire.MaxItems)]
    public int? Item { get; init; }

    /// <summary>The answer: a whole number on the version's scale, 1 to 7 for the PRFQ (422 otherwise, naming the item). No version's scale reaches outside the range shown here.</summary>
    [Required]
    [Range(Model.Questionnaire.LowestScaleValue, Model.Questionnaire.HighestScaleValue)]
    public int? Answer { get; init; }

    internal AnswerBody ToBody() => new(Item, Answer);
}

/// <summary>The body of POST /questionnaires/{id}/score: one completed form.</summary>
public sealed record ScoreQuestionnaireRequest
{
    /// <summary>The version the form was filled in on; leave it out for the current version.</summary>
    [Range(1, Model.Questionnaire.MaxVersion)]
    public int? Version { get; init; }

    /// <summary>One answer per item of the version, each item exactly once, in any order.</summary>
    [Required]
    [MaxLength(Model.Questionnaire.MaxItems)]
    public IReadOnlyList<AnswerRequest?>? Answers { get; init; }

    internal ScoreQuestionnaire ToCommand(string id) => new(id, new AnswersBody(Version, Answers?.Select(a => a?.ToBody()).ToList()));
}

/// <summary>The body of POST /referrals/{id}/questionnaires: a form completed by a parent or carer of the referral.</summary>
public sealed record RecordQuestionnaireRequest
{
    /// <summary>The questionnaire's id (GET /api/v1/questionnaires), e.g. prfq.</summary>
    [Required]
    [MaxLength(Model.Questionnaire.IdMaxLength)]
    public string? QuestionnaireId { get; init; }

    /// <summary>The version the form was filled in on; leave it out for the current version.</summary>
    [Range(1, Model.Questionnaire.MaxVersion)]
    public int? Version { get; init; }

    /// <summary>The id of the parent or carer of this referral who completed it.</summary>
    [Required]
    public Guid? ParentCarerId { get; init; }

    /// <summary>The day it was completed (yyyy-mm-dd), not in the future nor before the child's birth.</summary>
    [Required]
    public DateOnly? CompletedOn { get; init; }

    /// <summary>One answer per item of the version, each item exactly once, in any order.</summary>
    [Required]
    [MaxLength(Model.Questionnaire.MaxItems)]
    public IReadOnlyList<AnswerRequest?>? Answers { get; init; }

    /// <summary>
    /// Before VIG (the pre-assessment; the default, referrals.submit) or after VIG (referrals.decide
    /// only, once the referral is allocated or closed). A parent/carer's before and after forms on the
    /// same version show as the referral's measuredChanges.
    /// </summary>
    public QuestionnaireTimepoint? Timepoint { get; init; }

    internal RecordQuestionnaire ToCommand(Guid id, int expectedVersion) =>
        new(id, expectedVersion, new QuestionnaireBody(QuestionnaireId, Version, ParentCarerId, CompletedOn, Answers?.Select(a => a?.ToBody()).ToList(), Timepoint.ToOrNull<Model.QuestionnaireTimepoint>()));
}

/// <summary>The scores of one completed form. Descriptive only: not a diagnosis, and never part of the acceptance decision.</summary>
public sealed record QuestionnaireScoresResponse
{
    /// <summary>The questionnaire's id.</summary>
    [MaxLength(Model.Questionnaire.IdMaxLength)]
    public required string QuestionnaireId { get; init; }

    /// <summary>The version the scores were worked out on.</summary>
    [Range(1, Model.Questionnaire.MaxVersion)]
    public required int Version { get; init; }

    /// <summary>One score per subscale, in the version's order.</summary>
    [MaxLength(Model.Questionnaire.MaxSubscales)]
    public required IReadOnlyList<SubscaleScoreResponse> Subscales { get; init; }

    /// <summary>Always false: the scores describe, they do not diagnose or decide.</summary>
    public required bool Diagnostic { get; init; }

    /// <summary>How to read the scores: there are no published cut-offs.</summary>
    [MaxLength(NoteMaxLength)]
    public required string Note { get; init; }

    internal const int NoteMaxLength = 200;

    internal static QuestionnaireScoresResponse From(QuestionnaireScoresView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new()
        {
            QuestionnaireId = view.QuestionnaireId,
            Version = view.Version,
            Subscales = [.. view.Subscales.Select(SubscaleScoreResponse.From)],
            Diagnostic = false,
            Note = Model.QuestionnaireErrors.NotDiagnostic,
        };
    }
}

/// <summary>A subscale's score with its neutral reading.</summary>
public sealed record SubscaleScoreResponse
{
    /// <summary>The subscale's code, e.g. PM.</summary>
    [MaxLength(Model.Subscale.CodeMaxLength)]
    public required string Code { get; init; }

    /// <summary>The subscale's name.</summary>
    [MaxLength(Model.Questionnaire.NameMaxLength)]
    public required string Name { get; init; }

    /// <summary>The mean of its items (reverse-scored ones reversed), to two decimals, on the version's scale.</summary>
    public required decimal Score { get; init; }

    /// <summary>How the literature reads this subscale; descriptive, never a threshold.</summary>
    [MaxLength(Model.Subscale.ReadingMaxLength)]
    public required string Reading { get; init; }

    internal static SubscaleScoreResponse From(Model.SubscaleScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new() { Code = score.Code, Name = score.Name, Score = score.Score, Reading = score.Reading };
    }
}

/// <summary>A completed questionnaire kept with the referral, with the scores worked out when it was recorded.</summary>
public sealed record QuestionnaireResultResponse
{
    /// <summary>The questionnaire's id.</summary>
    [MaxLength(Model.Questionnaire.IdMaxLength)]
    public required string QuestionnaireId { get; init; }

    /// <summary>The version it was filled in and scored on.</summary>
    [Range(1, Model.Questionnaire.MaxVersion)]
    public required int Version { get; init; }

    /// <summary>Before VIG (the pre-assessment) or after VIG; forms kept before timepoints existed are before.</summary>
    public required QuestionnaireTimepoint Timepoint { get; init; }

    /// <summary>The parent or carer of the referral who completed it.</summary>
    public required Guid ParentCarerId { get; init; }

    /// <summary>The day it was completed.</summary>
    public required DateOnly CompletedOn { get; init; }

    /// <summary>The answers by item number, ascending.</summary>
    [MaxLength(Model.Questionnaire.MaxItems)]
    public required IReadOnlyList<AnswerResponse> Answers { get; init; }

    /// <summary>One score per subscale, as worked out when recorded.</summary>
    [MaxLength(Model.Questionnaire.MaxSubscales)]
    public required IReadOnlyList<SubscaleScoreResponse> Scores { get; init; }

    /// <summary>Always false: the scores describe, they do not diagnose, and they never change the acceptance evaluation.</summary>
    public required bool Diagnostic { get; init; }

    /// <summary>The client that recorded it.</summary>
    [MaxLength(Stamp.ActorMaxLength)]
    public required string RecordedBy { get; init; }

    /// <summary>When it was recorded.</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    internal static QuestionnaireResultResponse From(Vig.Domain.Referrals.QuestionnaireResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new()
        {
            QuestionnaireId = result.QuestionnaireId,
            Version = result.QuestionnaireVersion,
            Timepoint = result.Timepoint.To<QuestionnaireTimepoint>(),
            ParentCarerId = result.ParentCarerId,
            CompletedOn = result.CompletedOn,
            Answers = [.. result.Answers.Select(a => new AnswerResponse { Item = a.Item, Answer = a.Answer })],
            Scores = [.. result.Scores.Select(SubscaleScoreResponse.From)],
            Diagnostic = false,
            RecordedBy = result.RecordedBy,
            RecordedAt = result.RecordedAt,
        };
    }
}

/// <summary>The answer kept for one item.</summary>
public sealed record AnswerResponse
{
    /// <summary>The item's number.</summary>
    [Range(1, Model.Questionnaire.MaxItems)]
    public required int Item { get; init; }

    /// <summary>The answer given, on the version's scale.</summary>
    [Range(Model.Questionnaire.LowestScaleValue, Model.Questionnaire.HighestScaleValue)]
    public required int Answer { get; init; }
}

/// <summary>The query of GET /questionnaires/for-child.</summary>
public sealed record QuestionnaireForChildQuery
{
    /// <summary>The child's date of birth, yyyy-MM-dd exactly, not in the future. The child's age today, in whole years in the council's calendar, picks the version.</summary>
    [Microsoft.AspNetCore.Mvc.FromQuery(Name = "dateOfBirth")]
    public QueryDate? DateOfBirth { get; init; }

    internal FindQuestionnaireForChild ToRequest() => new(DateOfBirth?.Value);
}
