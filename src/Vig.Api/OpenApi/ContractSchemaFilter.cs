using System.Text.Json;
using System.Xml.XPath;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Vig.Api.Contracts;

namespace Vig.Api.OpenApi;

/// <summary>
/// Explains each value of a wire enum from its XML comment, in the enum's description, as OpenAPI
/// 3.0 has no place for per-value descriptions. (That every property of an answer is required comes
/// from the C# `required` modifier on the response records, which Swashbuckle honours.)
/// </summary>
internal sealed class ContractSchemaFilter(XPathDocument documentation) : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema editable || context.Type.Namespace != typeof(ReferralResponse).Namespace)
        {
            return;
        }

        if (context.Type.IsEnum && context.MemberInfo is null && context.ParameterInfo is null)
        {
            var values = Enum.GetNames(context.Type).Select(name =>
                $"- `{JsonNamingPolicy.CamelCase.ConvertName(name)}`: {Summary($"F:{context.Type.FullName}.{name}")}");
            editable.Description = $"{editable.Description}\n\n{string.Join('\n', values)}".Trim();
        }
    }

    private string Summary(string member) =>
        documentation.CreateNavigator().SelectSingleNode($"/doc/members/member[@name='{member}']/summary")?.Value.Trim() ?? string.Empty;
}

/// <summary>
/// Shows a <see cref="QueryValue{T}"/> query parameter as the enum it carries and a <see cref="QueryInstant"/>
/// as a date-time, and drops the wrappers' own schemas.
/// </summary>
internal sealed class QueryValueParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var type = context.ParameterInfo?.ParameterType ?? context.PropertyInfo?.PropertyType ?? context.ApiParameterDescription.Type;
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (parameter is OpenApiParameter editable && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(QueryValue<>))
        {
            editable.Schema = context.SchemaGenerator.GenerateSchema(type.GetGenericArguments()[0], context.SchemaRepository);
            editable.Description = $"{editable.Description} Spelled as in JSON (camelCase, case ignored); numbers are refused.".Trim();
        }
        else if (parameter is OpenApiParameter instant && type == typeof(QueryInstant))
        {
            instant.Schema = context.SchemaGenerator.GenerateSchema(typeof(DateTimeOffset), context.SchemaRepository);
        }
        else if (parameter is OpenApiParameter date && type == typeof(QueryDate))
        {
            date.Schema = context.SchemaGenerator.GenerateSchema(typeof(DateOnly), context.SchemaRepository);
        }
        else if (parameter is OpenApiParameter list && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(QueryValues<>))
        {
            var item = type.GetGenericArguments()[0];
            list.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = context.SchemaGenerator.GenerateSchema(item, context.SchemaRepository),
                MinItems = 1,
                MaxItems = Enum.GetValues(item).Length,
            };
            list.Style = ParameterStyle.Form;
            list.Explode = false;
            list.Description = $"{list.Description} Spelled as in JSON (camelCase, case ignored), separated by commas.".Trim();
        }
    }
}

/// <summary>The wrappers' schemas, generated before <see cref="QueryValueParameterFilter"/> replaced every use of them.</summary>
internal sealed class QueryValueSchemaRemover : IDocumentFilter
{
    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var schemas = document.Components?.Schemas;
        foreach (var id in schemas?.Keys.Where(k => k.EndsWith(nameof(QueryValue<Verdict>), StringComparison.Ordinal) || k.EndsWith(nameof(QueryValues<Verdict>), StringComparison.Ordinal) || k == nameof(QueryInstant) || k == nameof(QueryDate)).ToList() ?? [])
        {
            schemas!.Remove(id);
        }
    }
}
