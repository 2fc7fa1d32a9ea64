namespace Vig.Domain.Referrals;

public enum ReferralStatus
{
    Draft,
    Submitted,
    InformationRequested,
    Accepted,
    Declined,
    Allocated,
    Closed,
    Withdrawn,
}

/// <summary>What can be done to a referral; which of these are allowed depends on its status.</summary>
public enum ReferralAction
{
    Edit,
    Submit,
    RequestInformation,
    Accept,
    Decline,
    Allocate,
    Close,
    Withdraw,
    RecordConsent,
    WithdrawConsent,
    RecordQuestionnaire,
}

public enum ClosureOutcome
{
    /// <summary>The VIG intervention was completed.</summary>
    Completed,

    /// <summary>The family stopped taking part before the end.</summary>
    EndedEarly,

    /// <summary>Another service took over.</summary>
    TransferredToAnotherService,
    Other,
}
