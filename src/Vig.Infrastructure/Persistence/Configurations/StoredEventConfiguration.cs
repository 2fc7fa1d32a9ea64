using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Vig.Application.Events;
using Vig.Domain.Common;
using Vig.Domain.Referrals;
using Vig.Infrastructure.Events;

namespace Vig.Infrastructure.Persistence.Configurations;

/// <summary>
/// The outbox. No foreign key to referrals (an event outlives nothing it names, but it must not
/// stop a referral being anonymised or removed). The feed reads it in (transaction_id, position)
/// order, so that is its index, with the owning client first for clients reading their own.
/// </summary>
internal sealed class StoredEventConfiguration : IEntityTypeConfiguration<StoredEvent>
{
    /// <summary>The inserting transaction's id: set by the database, read by the feed's SQL only.</summary>
    public const string TransactionId = "TransactionId";

    public void Configure(EntityTypeBuilder<StoredEvent> builder)
    {
        builder.ToTable("referral_events");
        builder.HasKey(e => e.Position);
        builder.Property(e => e.Position).UseIdentityAlwaysColumn();
        builder.HasIndex(e => e.Id).IsUnique();
        builder.Property(e => e.Type).HasMaxLength(ReferralEvent.TypeMaxLength);
        builder.Property(e => e.Reference).HasMaxLength(ReferralReference.MaxLength);
        builder.Property(e => e.Status).HasMaxLength(32);
        builder.Property(e => e.OwningClient).HasMaxLength(Stamp.ActorMaxLength);
        builder.Property(e => e.Verdict).HasMaxLength(32);
        builder.Property(e => e.ReasonCode).HasMaxLength(DeclineReason.CodeMaxLength);
        builder.Property(e => e.Outcome).HasMaxLength(32);
        builder.Property<ulong>(TransactionId).HasColumnType("xid8").HasDefaultValueSql("pg_current_xact_id()").ValueGeneratedOnAdd();
        builder.HasIndex(TransactionId, nameof(StoredEvent.Position));
        builder.HasIndex(nameof(StoredEvent.OwningClient), TransactionId, nameof(StoredEvent.Position));
    }
}
