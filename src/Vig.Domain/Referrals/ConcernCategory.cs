namespace Vig.Domain.Referrals;

/// <summary>
/// One of the ten kinds of concern that a Together for Families assessment may indicate
/// (source page, "An assessment by a professional in TFF may indicate"). The code is stable;
/// titles and descriptions are the service's own wording and may be improved without breaking clients.
/// </summary>
public sealed class ConcernCategory
{
    public const int CodeMaxLength = 64;
    public const int TitleMaxLength = 120;
    public const int DescriptionMaxLength = 600;

    public static readonly ConcernCategory PerinatalMentalHealth = new(
        "perinatal-mental-health",
        1,
        "Perinatal mental health",
        "The parent has mental health difficulties in pregnancy or after the birth, and may find bonding with the baby hard, particularly when they have been apart.");

    public static readonly ConcernCategory RelationshipNotAsExpected = new(
        "relationship-not-as-expected",
        2,
        "Relationship not as expected",
        "The relationship the parent or carer is forming with the child is different from the one they hoped for.");

    public static readonly ConcernCategory BondingDifficulty = new(
        "bonding-difficulty",
        3,
        "Bonding difficulty",
        "The parent finds it hard to bond with their baby, or did not have the chance to bond with their child when the child was younger.");

    public static readonly ConcernCategory ApplyingLearning = new(
        "applying-learning",
        4,
        "Applying learning from other support",
        "The parent or carer needs help to put into everyday family life what they learnt from other interventions or professionals, such as a parenting course or an Early Help Plan.");

    public static readonly ConcernCategory StrengtheningConnection = new(
        "strengthening-connection",
        5,
        "Strengthening connection and hope",
        "Extra help is needed to build connection between parent and child and to give hope for their relationship.");

    public static readonly ConcernCategory EmotionalExpression = new(
        "emotional-expression",
        6,
        "Expressing and managing emotions",
        "The parent finds it hard to show their feelings towards the child, or needs help to support the child to manage emotions safely and healthily.");

    public static readonly ConcernCategory PositiveFamilyRelationships = new(
        "positive-family-relationships",
        7,
        "Positive family relationships",
        "Warmer family relationships are needed to help the child's self-esteem and emotional development.");

    public static readonly ConcernCategory ChildPointOfView = new(
        "child-point-of-view",
        8,
        "Seeing the child's point of view",
        "The parent or carer needs help to understand the world as the child experiences it.");

    public static readonly ConcernCategory SendComplexCues = new(
        "send-complex-cues",
        9,
        "SEND and complex cues",
        "The child's special educational needs and disabilities make their cues and communication harder to read, and the parent or carer needs support and confidence with them.");

    public static readonly ConcernCategory Autism = new(
        "autism",
        10,
        "Autism",
        "The child or young person is autistic; VIG is recommended in NICE guideline CG170, 'Autism spectrum disorder in under 19s: support and management'.");

    /// <summary>Every category, in the order the service lists them.</summary>
    public static readonly IReadOnlyList<ConcernCategory> All =
    [
        PerinatalMentalHealth,
        RelationshipNotAsExpected,
        BondingDifficulty,
        ApplyingLearning,
        StrengtheningConnection,
        EmotionalExpression,
        PositiveFamilyRelationships,
        ChildPointOfView,
        SendComplexCues,
        Autism,
    ];

    private ConcernCategory(string code, int displayOrder, string title, string description)
    {
        Code = code;
        DisplayOrder = displayOrder;
        Title = title;
        Description = description;
    }

    public string Code { get; }

    public int DisplayOrder { get; }

    public string Title { get; }

    public string Description { get; }

    /// <summary>The category with this code, or null when no category has it.</summary>
    public static ConcernCategory? FromCode(string? code) =>
        All.FirstOrDefault(c => string.Equals(c.Code, code, StringComparison.Ordinal));

    public override string ToString() => Code;
}
