using Vig.Application.Events;
using Vig.Infrastructure.Persistence;

namespace Vig.Infrastructure.Events;

/// <summary>Events join the request's unit of work, so a change, its audit entry and its event commit together.</summary>
internal sealed class EfEventOutbox(VigDbContext db) : IEventOutbox
{
    public void Add(ReferralEvent referralEvent)
    {
        ArgumentNullException.ThrowIfNull(referralEvent);
        db.Add(new StoredEvent
        {
            Id = referralEvent.Id,
            Type = referralEvent.Type,
            OccurredAt = referralEvent.Time,
            ReferralId = referralEvent.ReferralId,
            Reference = referralEvent.Reference,
            Status = referralEvent.Status.ToString(),
            Version = referralEvent.Version,
            OwningClient = referralEvent.OwningClient,
            Verdict = referralEvent.Verdict?.ToString(),
            ReasonCode = referralEvent.ReasonCode,
            Outcome = referralEvent.Outcome?.ToString(),
        });
    }
}
