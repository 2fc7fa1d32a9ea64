using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Vig.Api.Endpoints;
using Vig.Api.Http;
using Vig.Application.Common;
using Vig.Application.Referrals;

namespace Vig.Api.OpenApi;

/// <summary>
/// Documents the API's HTTP conventions on every operation: Idempotency-Key on POST, If-Match on
/// changes, ETag on referral responses, the correlation header, and request examples.
/// </summary>
internal sealed class HttpConventionsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        operation.Parameters ??= [];
        operation.Parameters.Add(Header(CorrelationId.Header, false, "Links the requests of one conversation; generated when absent and echoed on the response."));

        if (string.Equals(context.ApiDescription.HttpMethod, "POST", StringComparison.OrdinalIgnoreCase))
        {
            operation.Parameters.Add(Header(IdempotencyKeys.Header, false,
                $"Makes retries safe: a retry with the same key and body returns the first answer (kept 24 hours). Same key, other body: 422; first request still running: 409. At most {IdempotencyOptions.MaxKeyLength} characters; a UUID is ideal."));
        }

        if (metadata.OfType<RequiresIfMatch>().Any())
        {
            operation.Parameters.Add(Header("If-Match", true, "The ETag of the referral as you last read it, e.g. W/\"3\". Missing: 428. Stale: 412."));
        }

        var referralStatuses = context.ApiDescription.SupportedResponseTypes
            .Where(r => r.Type == typeof(ReferralView))
            .Select(r => r.StatusCode.ToString(CultureInfo.InvariantCulture))
            .ToHashSet();
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (referralStatuses.Contains(status) && response is OpenApiResponse withHeaders)
            {
                withHeaders.Headers ??= new Dictionary<string, IOpenApiHeader>();
                withHeaders.Headers["ETag"] = new OpenApiHeader { Description = "The referral's version, W/\"n\": send it back in If-Match.", Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            }
        }

        if (metadata.OfType<OpenApiExample>().FirstOrDefault() is { } example
            && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true
            && media is OpenApiMediaType body)
        {
            body.Example = JsonNode.Parse(example.Json);
        }
    }

    private static OpenApiParameter Header(string name, bool required, string description) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = required,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
    };
}
