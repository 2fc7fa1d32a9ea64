using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence.Configurations;

/// <summary>
/// A pair of referrals that may be of the same child, one row per pair (ADR 0030). The key is the
/// pair in its fixed order, so a pair is never stored twice; the second id has an index of its own,
/// so a referral's pairs are found from either side.
/// </summary>
internal sealed class PossibleDuplicateConfiguration : IEntityTypeConfiguration<PossibleDuplicate>
{
    public void Configure(EntityTypeBuilder<PossibleDuplicate> builder)
    {
        builder.ToTable("possible_duplicates");
        builder.HasKey(p => new { p.FirstReferralId, p.SecondReferralId });
        builder.HasIndex(p => p.SecondReferralId);
        builder.HasOne<Referral>().WithMany().HasForeignKey(p => p.FirstReferralId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Referral>().WithMany().HasForeignKey(p => p.SecondReferralId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.DismissedBy).HasMaxLength(Stamp.ActorMaxLength);
        builder.Ignore(p => p.IsDismissed);
    }
}
