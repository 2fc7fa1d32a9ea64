using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Vig.Domain.Acceptance;
using Vig.Domain.Questionnaires;
using Vig.Domain.Referrals;
using Vig.Infrastructure.Persistence.Configurations;

namespace Vig.Infrastructure.Persistence;

/// <summary>
/// A whole referral read by one SQL statement: its own columns, and each child list as
/// a JSON array built by a correlated subquery in the order the aggregate keeps (parent/carers and
/// consents by stored position, history, evaluations and questionnaires by id). One statement means one snapshot,
/// so the parts always belong to the same version of the referral. The referral is built here the
/// way EF Core materialises it: through the private constructors and setters (UnsafeAccessor);
/// untracked for reads, or tracked (<see cref="TrackIn"/>) for a change. A test
/// (ReferralDocumentTests) compares both with EF Core's own load of the same referral.
/// </summary>
internal sealed class ReferralDocument
{
    /// <summary>The columns and lists of one referral, named as this class's properties in snake case (EF Core's naming convention).</summary>
    public const string Select =
        """
        SELECT r.id, r.reference, r.created_by, r.created_at, r.updated_at,
               r.status, r.version, r.referral_date,
               r.route_kind, r.route_reference,
               r.referrer_name, r.referrer_role, r.referrer_from_together_for_families,
               r.referrer_team, r.referrer_currently_involved, r.referrer_email, r.referrer_phone,
               r.child_name, r.child_date_of_birth, r.child_born_preterm, r.child_gestation_weeks,
               r.child_has_send, r.child_autism, r.child_care_setting, r.child_will_be_filmed,
               r.child_external_case_id, r.concern_account,
               r.readiness_assessment_indicates_vig, r.readiness_assessment_summary,
               r.readiness_explainer_video_shown, r.readiness_explainer_video_shown_on,
               r.readiness_professional_network_consulted, r.readiness_professional_network_agrees,
               r.views_hoped_for_change, r.views_change_mutually_agreed,
               r.views_impact_on_child, r.views_parent_carer_clear_about_impact,
               r.requested_information, r.decline_reason_code, r.allocated_to,
               r.outcome, r.anonymised_at,
               (SELECT json_agg(json_build_array(p.id, p.name, p.relationship, p.takes_part, p.position) ORDER BY p.position)
                  FROM referral_parent_carers p WHERE p.referral_id = r.id)::text AS parent_carers,
               (SELECT json_agg(c.category_code) FROM referral_concerns c WHERE c.referral_id = r.id)::text AS concerns,
               (SELECT json_agg(json_build_array(c.id, c.parent_carer_id, c.kind, c.given_on, c.recorded_by, c.recorded_at,
                                                 c.withdrawn_on, c.withdrawal_recorded_by, c.withdrawal_recorded_at, c.position) ORDER BY c.position)
                  FROM referral_consents c WHERE c.referral_id = r.id)::text AS consents,
               (SELECT json_agg(json_build_array(h."from", h."to", h.at, h.by, h.reason_code, h.comment, h.id) ORDER BY h.id)
                  FROM referral_status_history h WHERE h.referral_id = r.id)::text AS history,
               (SELECT json_agg(json_build_array(e.policy_version, e.referral_date, e.evaluated_on, e.verdict, e.results, e.id) ORDER BY e.id)
                  FROM referral_evaluations e WHERE e.referral_id = r.id)::text AS evaluations,
               (SELECT json_agg(json_build_array(q.questionnaire_id, q.questionnaire_version, q.parent_carer_id, q.completed_on, q.answers, q.scores, q.recorded_by, q.recorded_at, q.id) ORDER BY q.id)
                  FROM referral_questionnaires q WHERE q.referral_id = r.id)::text AS questionnaires
          FROM referrals r
        """;

    public Guid Id { get; init; }

    public required string Reference { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public required string Status { get; init; }

    public int Version { get; init; }

    public DateOnly? ReferralDate { get; init; }

    public string? RouteKind { get; init; }

    public string? RouteReference { get; init; }

    public string? ReferrerName { get; init; }

    public string? ReferrerRole { get; init; }

    public bool? ReferrerFromTogetherForFamilies { get; init; }

    public string? ReferrerTeam { get; init; }

    public bool? ReferrerCurrentlyInvolved { get; init; }

    public string? ReferrerEmail { get; init; }

    public string? ReferrerPhone { get; init; }

    public string? ChildName { get; init; }

    public DateOnly? ChildDateOfBirth { get; init; }

    public bool? ChildBornPreterm { get; init; }

    public int? ChildGestationWeeks { get; init; }

    public bool? ChildHasSend { get; init; }

    public string? ChildAutism { get; init; }

    public string? ChildCareSetting { get; init; }

    public bool? ChildWillBeFilmed { get; init; }

    public string? ChildExternalCaseId { get; init; }

    public string? ConcernAccount { get; init; }

    public bool? ReadinessAssessmentIndicatesVig { get; init; }

    public string? ReadinessAssessmentSummary { get; init; }

    public bool? ReadinessExplainerVideoShown { get; init; }

    public DateOnly? ReadinessExplainerVideoShownOn { get; init; }

    public bool? ReadinessProfessionalNetworkConsulted { get; init; }

    public bool? ReadinessProfessionalNetworkAgrees { get; init; }

    public string? ViewsHopedForChange { get; init; }

    public bool? ViewsChangeMutuallyAgreed { get; init; }

    public string? ViewsImpactOnChild { get; init; }

    public bool? ViewsParentCarerClearAboutImpact { get; init; }

    public required string[] RequestedInformation { get; init; }

    public string? DeclineReasonCode { get; init; }

    public string? AllocatedTo { get; init; }

    public string? Outcome { get; init; }

    public DateTimeOffset? AnonymisedAt { get; init; }

    public string? ParentCarers { get; init; }

    public string? Concerns { get; init; }

    public string? Consents { get; init; }

    public string? History { get; init; }

    public string? Evaluations { get; init; }

    public string? Questionnaires { get; init; }

    /// <summary>The referral as EF Core would have loaded it; owned parts are null when their columns are (as EF Core reads optional owned types).</summary>
    public Referral ToReferral()
    {
        var referral = Accessors.NewReferral();
        Accessors.SetId(referral, Id);
        Accessors.SetReference(referral, ReferralReference.Parse(Reference));
        Accessors.SetCreatedBy(referral, CreatedBy);
        Accessors.SetCreatedAt(referral, CreatedAt);
        Accessors.SetUpdatedAt(referral, UpdatedAt);
        Accessors.SetStatus(referral, Enum.Parse<ReferralStatus>(Status));
        Accessors.SetVersion(referral, Version);
        Accessors.SetReferralDate(referral, ReferralDate);
        Accessors.SetRoute(referral, RouteKind is null ? null : new ReferralRoute(Enum.Parse<RouteKind>(RouteKind), RouteReference));
        Accessors.SetReferrer(referral, ReferrerRole is null ? null : new Referrer(
            ReferrerName!, Enum.Parse<ReferrerRole>(ReferrerRole), ReferrerFromTogetherForFamilies!.Value, ReferrerTeam, ReferrerCurrentlyInvolved!.Value, ReferrerEmail, ReferrerPhone));
        Accessors.SetChild(referral, ChildDateOfBirth is null ? null : new Child(
            ChildName!, ChildDateOfBirth.Value, ChildBornPreterm!.Value, ChildGestationWeeks, ChildHasSend!.Value,
            Enum.Parse<AutismStatus>(ChildAutism!), Enum.Parse<CareSetting>(ChildCareSetting!), ChildWillBeFilmed!.Value, ChildExternalCaseId));
        Accessors.SetConcernAccount(referral, ConcernAccount);
        Accessors.SetReadiness(referral, new Readiness(
            ReadinessAssessmentIndicatesVig, ReadinessAssessmentSummary, ReadinessExplainerVideoShown, ReadinessExplainerVideoShownOn,
            ReadinessProfessionalNetworkConsulted, ReadinessProfessionalNetworkAgrees));
        Accessors.SetViews(referral, new ParentCarerViews(ViewsHopedForChange, ViewsChangeMutuallyAgreed, ViewsImpactOnChild, ViewsParentCarerClearAboutImpact));
        Accessors.RequestedInformation(referral) = [.. RequestedInformation];
        Accessors.SetDeclineReasonCode(referral, DeclineReasonCode);
        Accessors.SetAllocatedTo(referral, AllocatedTo);
        Accessors.SetOutcome(referral, Outcome is null ? null : Enum.Parse<ClosureOutcome>(Outcome));
        Accessors.SetAnonymisedAt(referral, AnonymisedAt);

        Accessors.ParentCarers(referral).AddRange(Rows(ParentCarers, p => new ParentCarer(p[0].GetGuid(), p[1].GetString()!, Enum.Parse<Relationship>(p[2].GetString()!), p[3].GetBoolean())));
        Accessors.Concerns(referral).AddRange(Rows(Concerns, c => Concern(c.GetString()!)));
        Accessors.Consents(referral).AddRange(Rows(Consents, Consent));
        Accessors.History(referral).AddRange(Rows(History, h => new StatusChange(
            OptionalEnum<ReferralStatus>(h[0]), Enum.Parse<ReferralStatus>(h[1].GetString()!), Instant(h[2])!.Value, h[3].GetString()!, h[4].GetString(), h[5].GetString())));
        Accessors.Evaluations(referral).AddRange(Rows(Evaluations, e => new AcceptanceEvaluation(
            e[0].GetString()!, Day(e[1])!.Value, Day(e[2])!.Value, Enum.Parse<Verdict>(e[3].GetString()!), ReferralConfiguration.ReadResults(e[4].GetRawText()))));
        Accessors.Questionnaires(referral).AddRange(Rows(Questionnaires, Questionnaire));
        return referral;
    }

    /// <summary>
    /// The referral, tracked by <paramref name="db"/> as if EF Core had loaded it (every entity
    /// Unchanged, with the stored values of the shadow properties it does not hold: positions and
    /// identity ids), so that a change to it saves as EF Core's own load would.
    /// </summary>
    // The shadow key of history and evaluation rows (identity columns), as configured.
    private const string IdentityKey = "Id";

    public Referral TrackIn(DbContext db)
    {
        var referral = ToReferral();
        var parentPositions = Rows(ParentCarers, p => p[4].GetInt32());
        var consentPositions = Rows(Consents, c => c[9].GetInt32());
        var historyIds = Rows(History, h => h[6].GetInt64());
        var evaluationIds = Rows(Evaluations, e => e[5].GetInt64());
        var questionnaireIds = Rows(Questionnaires, q => q[8].GetInt64());
        db.ChangeTracker.TrackGraph(referral, node =>
        {
            var entry = node.Entry;
            switch (entry.Entity)
            {
                case ParentCarer parent:
                    entry.Property(ListPosition.Column).CurrentValue = parentPositions[IndexOf(referral.ParentCarers, parent)];
                    break;
                case ConsentRecord consent:
                    entry.Property(ListPosition.Column).CurrentValue = consentPositions[IndexOf(referral.Consents, consent)];
                    break;
                case StatusChange change:
                    entry.Property(IdentityKey).CurrentValue = historyIds[IndexOf(referral.History, change)];
                    break;
                case AcceptanceEvaluation evaluation:
                    entry.Property(IdentityKey).CurrentValue = evaluationIds[IndexOf(referral.Evaluations, evaluation)];
                    break;
                case QuestionnaireResult result:
                    entry.Property(IdentityKey).CurrentValue = questionnaireIds[IndexOf(referral.Questionnaires, result)];
                    break;
            }

            entry.State = EntityState.Unchanged;
        });
        return referral;
    }

    // By reference: records with equal values are still distinct rows.
    private static int IndexOf<T>(IReadOnlyList<T> items, T item)
        where T : class
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (ReferenceEquals(items[i], item))
            {
                return i;
            }
        }

        throw new InvalidOperationException("The item is not in the referral's list.");
    }

    private static ReferralConcern Concern(string code)
    {
        var concern = Accessors.NewConcern();
        Accessors.SetCategoryCode(concern, code);
        return concern;
    }

    private static ConsentRecord Consent(JsonElement c)
    {
        var consent = Accessors.NewConsent(
            c[0].GetGuid(), c[1].ValueKind == JsonValueKind.Null ? null : c[1].GetGuid(), Enum.Parse<ConsentKind>(c[2].GetString()!),
            Day(c[3])!.Value, c[4].GetString()!, Instant(c[5])!.Value);
        Accessors.SetWithdrawnOn(consent, Day(c[6]));
        Accessors.SetWithdrawalRecordedBy(consent, c[7].GetString());
        Accessors.SetWithdrawalRecordedAt(consent, Instant(c[8]));
        return consent;
    }

    private static QuestionnaireResult Questionnaire(JsonElement q) => Accessors.NewQuestionnaireResult(
        q[0].GetString()!, q[1].GetInt32(), q[2].GetGuid(), Day(q[3])!.Value,
        ReferralConfiguration.ReadAnswers(q[4].GetRawText()), ReferralConfiguration.ReadScores(q[5].GetRawText()), q[6].GetString()!, Instant(q[7])!.Value);

    private static List<T> Rows<T>(string? json, Func<JsonElement, T> read)
    {
        if (json is null)
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(read)];
    }

    private static T? OptionalEnum<T>(JsonElement value)
        where T : struct, Enum =>
        value.ValueKind == JsonValueKind.Null ? null : Enum.Parse<T>(value.GetString()!);

    private static DateOnly? Day(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : DateOnly.ParseExact(value.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    // PostgreSQL writes a timestamptz in JSON in the session's time zone; EF Core reads it in UTC.
    private static DateTimeOffset? Instant(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : value.GetDateTimeOffset().ToUniversalTime();

    /// <summary>The domain's private constructors, setters and lists, as EF Core reaches them.</summary>
    private static class Accessors
    {
        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        public static extern Referral NewReferral();

        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        public static extern ReferralConcern NewConcern();

        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        public static extern ConsentRecord NewConsent(Guid id, Guid? parentCarerId, ConsentKind kind, DateOnly givenOn, string recordedBy, DateTimeOffset recordedAt);

        [UnsafeAccessor(UnsafeAccessorKind.Constructor)]
        public static extern QuestionnaireResult NewQuestionnaireResult(
            string questionnaireId, int questionnaireVersion, Guid parentCarerId, DateOnly completedOn, IReadOnlyList<ItemAnswer> answers, IReadOnlyList<SubscaleScore> scores, string recordedBy, DateTimeOffset recordedAt);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Id")]
        public static extern void SetId(Referral referral, Guid value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Reference")]
        public static extern void SetReference(Referral referral, ReferralReference value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CreatedBy")]
        public static extern void SetCreatedBy(Referral referral, string value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CreatedAt")]
        public static extern void SetCreatedAt(Referral referral, DateTimeOffset value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_UpdatedAt")]
        public static extern void SetUpdatedAt(Referral referral, DateTimeOffset value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Status")]
        public static extern void SetStatus(Referral referral, ReferralStatus value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Version")]
        public static extern void SetVersion(Referral referral, int value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_ReferralDate")]
        public static extern void SetReferralDate(Referral referral, DateOnly? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Route")]
        public static extern void SetRoute(Referral referral, ReferralRoute? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Referrer")]
        public static extern void SetReferrer(Referral referral, Referrer? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Child")]
        public static extern void SetChild(Referral referral, Child? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_ConcernAccount")]
        public static extern void SetConcernAccount(Referral referral, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Readiness")]
        public static extern void SetReadiness(Referral referral, Readiness value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Views")]
        public static extern void SetViews(Referral referral, ParentCarerViews value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_DeclineReasonCode")]
        public static extern void SetDeclineReasonCode(Referral referral, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_AllocatedTo")]
        public static extern void SetAllocatedTo(Referral referral, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_Outcome")]
        public static extern void SetOutcome(Referral referral, ClosureOutcome? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_AnonymisedAt")]
        public static extern void SetAnonymisedAt(Referral referral, DateTimeOffset? value);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_requestedInformation")]
        public static extern ref List<string> RequestedInformation(Referral referral);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_parentCarers")]
        public static extern ref List<ParentCarer> ParentCarers(Referral referral);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_concerns")]
        public static extern ref List<ReferralConcern> Concerns(Referral referral);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_consents")]
        public static extern ref List<ConsentRecord> Consents(Referral referral);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_history")]
        public static extern ref List<StatusChange> History(Referral referral);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_evaluations")]
        public static extern ref List<AcceptanceEvaluation> Evaluations(Referral referral);

        [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_questionnaires")]
        public static extern ref List<QuestionnaireResult> Questionnaires(Referral referral);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_CategoryCode")]
        public static extern void SetCategoryCode(ReferralConcern concern, string value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_WithdrawnOn")]
        public static extern void SetWithdrawnOn(ConsentRecord consent, DateOnly? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_WithdrawalRecordedBy")]
        public static extern void SetWithdrawalRecordedBy(ConsentRecord consent, string? value);

        [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "set_WithdrawalRecordedAt")]
        public static extern void SetWithdrawalRecordedAt(ConsentRecord consent, DateTimeOffset? value);
    }
}
