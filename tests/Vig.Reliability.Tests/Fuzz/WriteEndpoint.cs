using System.Text.Json.Nodes;
using Vig.Reliability.Tests.Fixtures;

namespace Vig.Reliability.Tests.Fuzz;

/// <summary>The referral a write endpoint needs to succeed on: none, or one in this state.</summary>
internal enum TargetState
{
    None,
    Draft,
    Submitted,
    Eligible,
    Accepted,
    Allocated,
}

/// <summary>A write endpoint of the API with a body it accepts. {id} and {consent} name the target referral and its consent.</summary>
internal sealed record WriteEndpoint(string Name, HttpMethod Method, string Path, TargetState Target, Func<JsonNode?> ValidBody)
{
    /// <summary>Every write endpoint the API has (POST and PUT), each with the documented or a minimal valid body.</summary>
    public static readonly WriteEndpoint[] All =
    [
        new("create", HttpMethod.Post, Bodies.Referrals, TargetState.None, () => Bodies.Referral("fuzz-create")),
        new("update", HttpMethod.Put, Bodies.Referrals + "/{id}", TargetState.Draft, Content),
        new("submit", HttpMethod.Post, Bodies.Referrals + "/{id}/submit", TargetState.Draft, () => null),
        new("request-information", HttpMethod.Post, Bodies.Referrals + "/{id}/request-information", TargetState.Submitted, () => new JsonObject { ["ruleCodes"] = new JsonArray(), ["comment"] = "Please confirm the hoped-for change is agreed." }),
        new("accept", HttpMethod.Post, Bodies.Referrals + "/{id}/accept", TargetState.Eligible, () => null),
        new("decline", HttpMethod.Post, Bodies.Referrals + "/{id}/decline", TargetState.Submitted, Bodies.Decline),
        new("allocate", HttpMethod.Post, Bodies.Referrals + "/{id}/allocate", TargetState.Accepted, () => new JsonObject { ["practitioner"] = "Practitioner One" }),
        new("close", HttpMethod.Post, Bodies.Referrals + "/{id}/close", TargetState.Allocated, () => new JsonObject { ["outcome"] = "completed", ["comment"] = "Goals met." }),
        new("withdraw", HttpMethod.Post, Bodies.Referrals + "/{id}/withdraw", TargetState.Submitted, () => new JsonObject { ["reason"] = "The family moved away." }),
        new("record-consent", HttpMethod.Post, Bodies.Referrals + "/{id}/consents", TargetState.Submitted, Bodies.MotherConsent),
        new("withdraw-consent", HttpMethod.Post, Bodies.Referrals + "/{id}/consents/{consent}/withdraw", TargetState.Eligible, () => new JsonObject { ["withdrawnOn"] = null }),
        new("check-acceptance", HttpMethod.Post, "/api/v1/acceptance-checks", TargetState.None, Bodies.AcceptanceCheck),
        new("record-questionnaire", HttpMethod.Post, Bodies.Referrals + "/{id}/questionnaires", TargetState.Submitted, () => JsonNode.Parse(Vig.Api.OpenApi.OpenApiExample.MotherPrfq)),
        new("score-questionnaire", HttpMethod.Post, "/api/v1/questionnaires/prfq/score", TargetState.None, () => JsonNode.Parse(Vig.Api.OpenApi.OpenApiExample.PrfqAnswers)),
    ];

    public override string ToString() => $"{Method} {Path}";

    /// <summary>A referral's content for PUT: the example without the create-only "submit".</summary>
    private static JsonObject Content()
    {
        var body = Bodies.Referral("fuzz-update");
        body.Remove("submit");
        return body;
    }
}
