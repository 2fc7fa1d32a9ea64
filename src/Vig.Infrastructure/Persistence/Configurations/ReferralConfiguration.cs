using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Questionnaires;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence.Configurations;

/// <summary>
/// A referral is one row (ADR 0023). Its value objects are columns; its lists are jsonb columns that
/// EF Core maps itself as owned collections (ToJson), so one SELECT loads a whole referral from one snapshot
/// and one UPDATE saves it. What lists and reports filter or sort on across referrals stays a plain,
/// indexed column; the concern codes are a text array with a GIN index for the concern filter.
/// Enums are stored by name, in columns and in the JSON alike.
/// </summary>
internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    private const int EnumMaxLength = 40;

    /// <summary>
    /// How PostgreSQL compresses the few-kilobyte values written with every create and decision
    /// (stored idempotent responses): lz4 costs a fraction of the default pglz's CPU for a slightly
    /// larger value (docs/performance.md).
    /// </summary>
    internal const string LargeValueCompression = "lz4";

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
        referral.PrimitiveCollection(r => r.RequestedInformation);
        referral.Property(r => r.Concerns)
            .HasConversion(
                concerns => concerns.Select(c => c.Code).ToArray(),
                codes => codes.Select(Concern).OrderBy(c => c.DisplayOrder).ToList(),
                new ValueComparer<IReadOnlyList<ConcernCategory>>((a, b) => a!.SequenceEqual(b!), c => c.Count, c => c.ToList()));
        referral.HasIndex(r => r.Concerns).HasMethod("gin");
        referral.Ignore(r => r.LatestEvaluation);
        referral.Ignore(r => r.IsFinished);
        referral.Ignore(r => r.MeasuredChanges);
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

            // The search for possible duplicates looks up the case id (above) or these two (ADR 0030).
            child.Property<string?>(ChildMatching.MatchName).HasMaxLength(Child.NameMaxLength).HasComputedColumnSql(ChildMatching.MatchNameSql, stored: true);
            child.HasIndex(ChildMatching.MatchName, nameof(Child.DateOfBirth));
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

        // The clock's due time is what the worklist filters on and the overdue check looks for.
        referral.OwnsOne(r => r.Clock, clock =>
        {
            clock.Property(x => x.Awaiting).HasConversion<string>().HasMaxLength(EnumMaxLength);
            clock.HasIndex(x => x.DueAt);
        });

        referral.Property(r => r.ParentCarers).AsJsonValue();

        referral.OwnsMany(r => r.Consents, consent =>
        {
            consent.ToJson();
            consent.Property(x => x.Kind).HasConversion<string>();
            consent.Ignore(x => x.GivenByChild);
            consent.Ignore(x => x.IsInForce);
        });

        referral.Property(r => r.History).AsJsonValue();
        referral.Property(r => r.Evaluations).AsJsonValue();
        referral.Property(r => r.ClockResults).AsJsonValue();

        referral.OwnsMany(r => r.Questionnaires, result =>
        {
            result.ToJson();
            result.Property(x => x.Timepoint).HasConversion<string>();
            result.OwnsMany(x => x.Answers);
            result.OwnsMany(x => x.Scores);
        });
    }

    private static ConcernCategory Concern(string code) =>
        ConcernCategory.FromCode(code) ?? throw new InvalidOperationException($"Unknown concern category '{code}' in a stored referral.");
}
