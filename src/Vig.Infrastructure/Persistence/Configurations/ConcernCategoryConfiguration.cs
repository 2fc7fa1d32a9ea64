using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vig.Domain.Referrals;

namespace Vig.Infrastructure.Persistence.Configurations;

/// <summary>
/// The catalogue lives in the domain; the table mirrors it so that referrals can hold a foreign
/// key to it and reporting tools can join on it. A change to the catalogue needs a migration.
/// </summary>
internal sealed class ConcernCategoryConfiguration : IEntityTypeConfiguration<ConcernCategory>
{
    public void Configure(EntityTypeBuilder<ConcernCategory> builder)
    {
        builder.ToTable("concern_categories");
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(ConcernCategory.CodeMaxLength);
        builder.Property(c => c.Title).HasMaxLength(ConcernCategory.TitleMaxLength).IsRequired();
        builder.Property(c => c.Description).HasMaxLength(ConcernCategory.DescriptionMaxLength).IsRequired();
        builder.Property(c => c.DisplayOrder).IsRequired();
        builder.HasIndex(c => c.DisplayOrder).IsUnique();
        builder.HasData(ConcernCategory.All);
    }
}
