using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Vig.Infrastructure.Persistence.Configurations;

/// <summary>
/// A list of immutable records kept as one jsonb value (ADR 0023): written as EF Core writes an owned
/// JSON collection (property names as in C#, enums by name), but compared and copied as a value, so
/// a referral's dozens of rule results are not each tracked as an entity. Only what a record's
/// constructor takes is written (a computed property such as Unmet is not).
/// </summary>
internal static class JsonValues
{
    private static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { WrittenOnlyIfSettable } },
    };

    public static PropertyBuilder<IReadOnlyList<T>> AsJsonValue<T>(this PropertyBuilder<IReadOnlyList<T>> property)
        where T : class =>
        property
            .HasColumnType("jsonb")
            .HasConversion(
                items => JsonSerializer.Serialize(items, Options),
                json => JsonSerializer.Deserialize<List<T>>(json, Options)!,
                new ValueComparer<IReadOnlyList<T>>(
                    (a, b) => ReferenceEquals(a, b) || (a != null && b != null && a.SequenceEqual(b)),
                    items => items.Count,
                    items => items.ToList())); // the items are immutable records: a shallow copy is a snapshot

    private static void WrittenOnlyIfSettable(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        foreach (var property in type.Properties.Where(p => p.Set is null && p.AssociatedParameter is null).ToList())
        {
            type.Properties.Remove(property);
        }
    }
}
