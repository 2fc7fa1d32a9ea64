using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Vig.Application.ReferenceData;
using Vig.Domain.Acceptance.Rules;
using Model = Vig.Domain.Referrals;

namespace Vig.Api.OpenApi;

/// <summary>
/// The lengths of values whose form is fixed by how System.Text.Json and the route write and read
/// them, so the document can state them: every uuid, date and date-time the API sends or accepts.
/// </summary>
internal static class WireFormats
{
    /// <summary>A Guid as the API writes it, and the only form it reads: 8-4-4-4-12 hex digits (the "D" format).</summary>
    public const int UuidLength = 36;

    /// <summary>A DateOnly: yyyy-mm-dd, the only form System.Text.Json reads.</summary>
    public const int DateLength = 10;

    /// <summary>
    /// The longest date-time the API writes (System.Text.Json's round-trip form,
    /// yyyy-mm-ddThh:mm:ss.fffffff+hh:mm), and the longest it reads in a query.
    /// </summary>
    public const int DateTimeMaxLength = 33;
}

/// <summary>A fixed catalogue that bounds how many items a list drawn from it can hold.</summary>
internal enum Catalogue
{
    AcceptanceRules,
    ConcernCategories,
    DeclineReasons,
    ReferralRoutes,
    ReferralActions,

    /// <summary>Questionnaire versions: data, so bounded by the most the file may hold, not by its count.</summary>
    QuestionnaireVersions,
    SummaryGroups,
    OutcomeGroups,
}

internal static class Catalogues
{
    public static int Count(Catalogue catalogue) => catalogue switch
    {
        Catalogue.AcceptanceRules => AcceptanceRules.All.Count,
        Catalogue.ConcernCategories => Model.ConcernCategory.All.Count,
        Catalogue.DeclineReasons => Model.DeclineReason.All.Count,
        Catalogue.ReferralRoutes => ListReferralRoutesHandler.Routes.Count,
        Catalogue.ReferralActions => Enum.GetValues<Model.ReferralAction>().Length,
        Catalogue.SummaryGroups => Enum.GetValues<Application.Reports.SummaryGroup>().Length,
        Catalogue.OutcomeGroups => Enum.GetValues<Application.Reports.OutcomeGroup>().Length,
        Catalogue.QuestionnaireVersions => Vig.Domain.Questionnaires.QuestionnaireCatalogue.MaxVersions,
        _ => throw new ArgumentOutOfRangeException(nameof(catalogue)),
    };
}

/// <summary>
/// On a list: it holds at most one item per entry of the catalogue (maxItems). On a response
/// record: a list of them, as an operation answers it, holds at most that many.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class)]
internal sealed class MaxItemsOfAttribute(Catalogue catalogue) : Attribute
{
    public Catalogue Catalogue { get; } = catalogue;
}

/// <summary>The longest item of a list of strings (maxLength of its items), which [MaxLength] on the list cannot say.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ItemMaxLengthAttribute(int length) : Attribute
{
    public int Length { get; } = length;
}

/// <summary>The range of every item of a list of numbers, which [Range] on the list cannot say.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ItemRangeAttribute(int minimum, int maximum) : Attribute
{
    public int Minimum { get; } = minimum;

    public int Maximum { get; } = maximum;
}

/// <summary>The range of every value of a map of numbers, which [Range] on the map cannot say.</summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class ValueRangeAttribute(int minimum, int maximum) : Attribute
{
    public int Minimum { get; } = minimum;

    public int Maximum { get; } = maximum;
}

/// <summary>
/// Writes the limits the attributes above name, and the fixed lengths of uuids, dates and
/// date-times (<see cref="WireFormats"/>), into the contract's schemas and parameters.
/// </summary>
internal sealed class WireLimitsSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema editable)
        {
            return;
        }

        if (FixedLength(context.Type) is { } length && editable.Type?.HasFlag(JsonSchemaType.String) == true)
        {
            editable.MaxLength = length;
        }

        if (editable.Properties is not { Count: > 0 } properties)
        {
            return;
        }

        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!properties.TryGetValue(JsonNamingPolicy.CamelCase.ConvertName(property.Name), out var found) || found is not OpenApiSchema target)
            {
                continue;
            }

            if (property.GetCustomAttribute<MaxItemsOfAttribute>() is { } each)
            {
                target.MaxItems = Catalogues.Count(each.Catalogue);
            }

            if (property.GetCustomAttribute<ItemMaxLengthAttribute>() is { } item && target.Items is OpenApiSchema items)
            {
                items.MaxLength = item.Length;
            }

            if (property.GetCustomAttribute<ItemRangeAttribute>() is { } itemRange && target.Items is OpenApiSchema numbers)
            {
                numbers.Minimum = itemRange.Minimum.ToString(System.Globalization.CultureInfo.InvariantCulture);
                numbers.Maximum = itemRange.Maximum.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            if (property.GetCustomAttribute<ValueRangeAttribute>() is { } range && target.AdditionalProperties is OpenApiSchema values)
            {
                values.Minimum = range.Minimum.ToString(System.Globalization.CultureInfo.InvariantCulture);
                values.Maximum = range.Maximum.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private static int? FixedLength(Type type) => (Nullable.GetUnderlyingType(type) ?? type) switch
    {
        var t when t == typeof(Guid) => WireFormats.UuidLength,
        var t when t == typeof(DateOnly) => WireFormats.DateLength,
        var t when t == typeof(DateTimeOffset) => WireFormats.DateTimeMaxLength,
        _ => null,
    };
}

/// <summary>
/// A list answered by an operation whose item record carries <see cref="MaxItemsOfAttribute"/>
/// (the reference data) holds at most one item per catalogue entry.
/// </summary>
internal sealed class CatalogueListOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var answer in context.ApiDescription.SupportedResponseTypes)
        {
            var item = answer.Type is { IsGenericType: true } list && list.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? list.GetGenericArguments()[0] : null;
            if (item?.GetCustomAttribute<MaxItemsOfAttribute>() is { } each
                && operation.Responses?.TryGetValue(answer.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true)
            {
                foreach (var media in response.Content?.Values ?? [])
                {
                    if (media.Schema is OpenApiSchema schema)
                    {
                        schema.MaxItems = Catalogues.Count(each.Catalogue);
                    }
                }
            }
        }
    }
}
