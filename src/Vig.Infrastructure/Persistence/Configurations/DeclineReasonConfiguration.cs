using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence.Configurations;

internal sealed class DeclineReasonConfiguration : IEntityTypeConfiguration<DeclineReason>
{
    public void Configure(EntityTypeBuilder<DeclineReason> builder)
    {
        builder.ToTable("decline_reasons");
        builder.HasKey(r => r.Code);
        builder.Property(r => r.Code).HasMaxLength(DeclineReason.CodeMaxLength);
        builder.Property(r => r.Title).HasMaxLength(DeclineReason.TitleMaxLength).IsRequired();
        builder.HasIndex(r => r.DisplayOrder).IsUnique();
        builder.HasData(DeclineReason.All);
    }
}
