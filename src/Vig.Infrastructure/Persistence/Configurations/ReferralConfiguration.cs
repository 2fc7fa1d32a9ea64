using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Questionnaires;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence.Configurations;

/// <summary>
/// A referral and its parts: the value objects as columns of referrals, the lists as child tables
/// with foreign keys, enums stored by name, and an index for every list filter. Parent/carers and
/// consents keep their position in the referral's list (<see cref="ListPosition"/>).
/// </summary>
internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    private const int EnumMaxLength = 40;
    private static readonly JsonSerializerOptions ResultsJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// How PostgreSQL compresses the few-kilobyte values written with every create and decision (rule
    /// results, stored idempotent responses): lz4 costs a fraction of the default pglz's CPU for a
    /// slightly larger value (docs/performance.md).
    /// </summary>
    internal const string LargeValueCompression = "lz4";

    /// <summary>An evaluation's rule results from their stored JSON (also used by <see cref="ReferralDocument"/>).</summary>
    public static List<RuleResult> ReadResults(string json) => JsonSerializer.Deserialize<List<RuleResult>>(json, ResultsJson)!;

    public void Configure(EntityTypeBuilder<Referral> referral)
    {
        referral.ToTable("referrals");
        referral.HasKey(r => r.Id);
        referral.Property(r => r.Id).ValueGeneratedNever();
        referral.Property(r => r.Reference)
            .HasConversion(r => r.Value, v => ReferralReference.Parse(v))
            .HasMaxLength(ReferralReference.MaxLength);
        referral.HasIndex(r => r.Reference).IsUnique();
        referral.Property(r => r.CreatedBy).HasMaxLength(Stamp.ActorMaxLength);
        referral.Property(r => r.Status).HasConversion<string>().HasMaxLength(EnumMaxLength);
        // Lists are ordered by (updated_at, id): each list filter that narrows most has an index in
        // that order, so a page is read in order and stops at its limit (ADR 0013).
        referral.HasIndex(r => new { r.UpdatedAt, r.Id });
        referral.HasIndex(r => new { r.Status, r.UpdatedAt, r.Id });
        referral.HasIndex(r => new { r.CreatedBy, r.UpdatedAt, r.Id });
        referral.Property(r => r.Version).IsConcurrencyToken();
        referral.Property(r => r.ConcernAccount).HasMaxLength(ReferralDetails.ConcernAccountMaxLength);
        referral.Property(r => r.DeclineReasonCode).HasMaxLength(DeclineReason.CodeMaxLength);
        referral.HasOne<DeclineReason>().WithMany().HasForeignKey(r => r.DeclineReasonCode);
        referral.Property(r => r.AllocatedTo).HasMaxLength(Referral.PractitionerMaxLength);
        referral.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(EnumMaxLength);
        referral.PrimitiveCollection(r => r.RequestedInformation).HasField("_requestedInformation");
        referral.Ignore(r => r.LatestEvaluation);
        referral.Ignore(r => r.IsFinished);
        referral.Ignore(r => r.Details);

        referral.OwnsOne(r => r.Route, route =>
        {
            route.Property(x => x.Kind).HasConversion<string>().HasMaxLength(EnumMaxLength);
            route.Property(x => x.Reference).HasMaxLength(ReferralRoute.ReferenceMaxLength);
            route.HasIndex(x => x.Kind);
        });

        referral.OwnsOne(r => r.Referrer, referrer =>
        {
            referrer.Property(x => x.Name).HasMaxLength(Referrer.NameMaxLength);
            referrer.Property(x => x.Role).HasConversion<string>().HasMaxLength(EnumMaxLength);
            referrer.Property(x => x.Team).HasMaxLength(Referrer.TeamMaxLength);
            referrer.Property(x => x.Email).HasMaxLength(Referrer.EmailMaxLength);
            referrer.Property(x => x.Phone).HasMaxLength(Referrer.PhoneMaxLength);
            referrer.HasIndex(x => x.Role);
        });

        referral.OwnsOne(r => r.Child, child =>
        {
            child.Property(x => x.Name).HasMaxLength(Child.NameMaxLength);
            child.Property(x => x.Autism).HasConversion<string>().HasMaxLength(EnumMaxLength);
            child.Property(x => x.CareSetting).HasConversion<string>().HasMaxLength(EnumMaxLength);
            child.Property(x => x.ExternalCaseId).HasMaxLength(Child.ExternalCaseIdMaxLength);
            child.HasIndex(x => x.ExternalCaseId);
        });

        referral.OwnsOne(r => r.Readiness, readiness =>
            readiness.Property(x => x.AssessmentSummary).HasMaxLength(Readiness.SummaryMaxLength));
        referral.Navigation(r => r.Readiness).IsRequired();

        referral.OwnsOne(r => r.Views, views =>
        {
            views.Property(x => x.HopedForChange).HasMaxLength(ParentCarerViews.AnswerMaxLength);
            views.Property(x => x.ImpactOnChild).HasMaxLength(ParentCarerViews.AnswerMaxLength);
        });
        referral.Navigation(r => r.Views).IsRequired();

        referral.OwnsMany(r => r.ParentCarers, parent =>
        {
            parent.ToTable("referral_parent_carers");
            parent.WithOwner().HasForeignKey("ReferralId");
            // The id alone is the key: the same parent/carer id can never be on two referrals.
            parent.HasKey(x => x.Id);
            parent.Property(x => x.Id).ValueGeneratedNever();
            parent.Property<int>(ListPosition.Column);
            parent.Property(x => x.Name).HasMaxLength(ParentCarer.NameMaxLength);
            parent.Property(x => x.Relationship).HasConversion<string>().HasMaxLength(EnumMaxLength);
        });

        referral.OwnsMany(r => r.Concerns, concern =>
        {
            concern.ToTable("referral_concerns");
            concern.WithOwner().HasForeignKey("ReferralId");
            concern.HasKey("ReferralId", nameof(ReferralConcern.CategoryCode));
            concern.Property(x => x.CategoryCode).HasMaxLength(ConcernCategory.CodeMaxLength);
            concern.HasOne<ConcernCategory>().WithMany().HasForeignKey(x => x.CategoryCode);
            concern.HasIndex(x => x.CategoryCode);
            concern.Ignore(x => x.Category);
        });

        referral.OwnsMany(r => r.Consents, consent =>
        {
            consent.ToTable("referral_consents");
            consent.WithOwner().HasForeignKey("ReferralId");
            consent.HasKey(x => x.Id);
            consent.Property(x => x.Id).ValueGeneratedNever();
            consent.Property(x => x.Kind).HasConversion<string>().HasMaxLength(EnumMaxLength);
            consent.Property(x => x.RecordedBy).HasMaxLength(Stamp.ActorMaxLength);
            consent.Property(x => x.WithdrawalRecordedBy).HasMaxLength(Stamp.ActorMaxLength);
            consent.Property<int>(ListPosition.Column);
            consent.Ignore(x => x.GivenByChild);
            consent.Ignore(x => x.IsInForce);
        });

        referral.OwnsMany(r => r.History, change =>
        {
            change.ToTable("referral_status_history");
            change.WithOwner().HasForeignKey("ReferralId");
            change.Property<long>("Id").UseIdentityAlwaysColumn();
            change.HasKey("Id");
            change.Property(x => x.From).HasConversion<string>().HasMaxLength(EnumMaxLength);
            change.Property(x => x.To).HasConversion<string>().HasMaxLength(EnumMaxLength);
            change.Property(x => x.By).HasMaxLength(Stamp.ActorMaxLength);
            change.Property(x => x.ReasonCode).HasMaxLength(DeclineReason.CodeMaxLength);
            change.Property(x => x.Comment).HasMaxLength(StatusChange.CommentMaxLength);
        });

        referral.OwnsMany(r => r.Evaluations, evaluation =>
        {
            evaluation.ToTable("referral_evaluations");
            evaluation.WithOwner().HasForeignKey("ReferralId");
            evaluation.Property<long>("Id").UseIdentityAlwaysColumn();
            evaluation.HasKey("Id");
            evaluation.Property(x => x.PolicyVersion).HasMaxLength(AcceptancePolicy.VersionMaxLength);
            evaluation.Property(x => x.Verdict).HasConversion<string>().HasMaxLength(EnumMaxLength);
            evaluation.Property(x => x.Results)
                .HasColumnType("jsonb")
                .UseCompressionMethod(LargeValueCompression)
                .HasConversion(
                    results => JsonSerializer.Serialize(results, ResultsJson),
                    json => ReadResults(json),
                    new ValueComparer<IReadOnlyList<RuleResult>>((a, b) => a!.SequenceEqual(b!), r => r.Count, r => r.ToList()));
            evaluation.Ignore(x => x.Unmet);
        });

        referral.OwnsMany(r => r.Questionnaires, result =>
        {
            result.ToTable("referral_questionnaires");
            result.WithOwner().HasForeignKey("ReferralId");
            result.Property<long>("Id").UseIdentityAlwaysColumn();
            result.HasKey("Id");
            result.Property(x => x.QuestionnaireId).HasMaxLength(Questionnaire.IdMaxLength);
            result.Property(x => x.RecordedBy).HasMaxLength(Stamp.ActorMaxLength);
            result.Property(x => x.Answers)
                .HasColumnType("jsonb")
                .HasConversion(
                    answers => JsonSerializer.Serialize(answers, ResultsJson),
                    json => ReadAnswers(json),
                    new ValueComparer<IReadOnlyList<ItemAnswer>>((a, b) => a!.SequenceEqual(b!), a => a.Count, a => a.ToList()));
            result.Property(x => x.Scores)
                .HasColumnType("jsonb")
                .HasConversion(
                    scores => JsonSerializer.Serialize(scores, ResultsJson),
                    json => ReadScores(json),
                    new ValueComparer<IReadOnlyList<SubscaleScore>>((a, b) => a!.SequenceEqual(b!), s => s.Count, s => s.ToList()));
        });
    }

    /// <summary>A questionnaire's answers from their stored JSON (also used by <see cref="ReferralDocument"/>).</summary>
    public static List<ItemAnswer> ReadAnswers(string json) => JsonSerializer.Deserialize<List<ItemAnswer>>(json, ResultsJson)!;

    /// <summary>A questionnaire's scores from their stored JSON (also used by <see cref="ReferralDocument"/>).</summary>
    public static List<SubscaleScore> ReadScores(string json) => JsonSerializer.Deserialize<List<SubscaleScore>>(json, ResultsJson)!;
}
