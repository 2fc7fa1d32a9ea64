namespace Vig.Domain.Referrals;

public enum Relationship
{
    Mother,
    Father,
    FosterCarer,
    AdoptiveParent,
    Other,
}

/// <summary>A parent or carer of the child; <paramref name="Id"/> lets consents name them.</summary>
public sealed record ParentCarer(Guid Id, string Name, Relationship Relationship, bool TakesPart)
{
    public const int NameMaxLength = 200;
}
