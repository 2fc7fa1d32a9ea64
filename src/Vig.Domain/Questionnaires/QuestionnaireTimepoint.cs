namespace Vig.Domain.Questionnaires;

/// <summary>When a kept form was completed, relative to the VIG work with the family.</summary>
public enum QuestionnaireTimepoint
{
    /// <summary>Before VIG: the pre-assessment. Every form kept before timepoints existed is one.</summary>
    Before,

    /// <summary>After VIG: completed once the work ends (the referral allocated or closed), recorded by the VIG team.</summary>
    After,
}
