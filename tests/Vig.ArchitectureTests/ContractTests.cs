using System.Reflection;
using Vig.Api.Contracts;

namespace Vig.ArchitectureTests;

/// <summary>
/// The wire belongs to the API: what Vig.Api.Contracts shows publicly (the JSON and the OpenAPI
/// document) names no Domain or Application type, so a change inside the service cannot change the
/// contract unseen (docs/decisions/0009-contract-wire-types.md).
/// </summary>
public sealed class ContractTests
{
    private static readonly Assembly Api = typeof(ReferralResponse).Assembly;
    private static readonly Assembly Domain = typeof(Vig.Domain.Common.DomainError).Assembly;
    private static readonly Assembly Application = typeof(Vig.Application.DependencyInjection).Assembly;

    public static TheoryData<Type> ContractTypes()
    {
        var types = new TheoryData<Type>();
        foreach (var type in Api.GetExportedTypes().Where(t => t.Namespace == typeof(ReferralResponse).Namespace))
        {
            types.Add(type);
        }

        return types;
    }

    [Fact]
    public void Contracts_AreThere()
    {
        Assert.True(ContractTypes().Count > 20);
    }

    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void ContractType_ExposesNoDomainOrApplicationType(Type contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        var exposed = contract.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Select(p => (Member: p.Name, Type: p.PropertyType))
            .Concat(contract.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType).Select(t => (Member: m.Name, Type: t))))
            .Append((Member: "base type", Type: contract.BaseType ?? typeof(object)));

        var leaks = exposed
            .SelectMany(e => Constituents(e.Type).Select(t => (e.Member, Type: t)))
            .Where(e => e.Type.Assembly == Domain || e.Type.Assembly == Application)
            .Select(e => $"{contract.Name}.{e.Member}: {e.Type.FullName}")
            .Distinct()
            .ToList();

        Assert.True(leaks.Count == 0, "Wire types must not expose the service's own types: " + string.Join("; ", leaks));
    }

    /// <summary>Each wire enum mirrors the service's enum of the same name, value for value, so the mapping by name never fails.</summary>
    [Theory]
    [MemberData(nameof(ContractTypes))]
    public void WireEnum_HasTheSameMembersAsTheServiceEnumItMirrors(Type contract)
    {
        ArgumentNullException.ThrowIfNull(contract);
        if (!contract.IsEnum)
        {
            return;
        }

        var inner = Domain.GetTypes().Concat(Application.GetTypes()).Where(t => t.IsEnum && t.Name == contract.Name).ToList();

        var mirrored = Assert.Single(inner);
        Assert.Equal(Enum.GetNames(mirrored), Enum.GetNames(contract));
    }

    /// <summary>The type itself, its array element, generic arguments and nullable underlying type, all the way down.</summary>
    private static IEnumerable<Type> Constituents(Type type)
    {
        yield return type;
        var inner = type.HasElementType ? [type.GetElementType()!] : type.IsGenericType ? type.GetGenericArguments() : Array.Empty<Type>();
        foreach (var part in inner.SelectMany(Constituents))
        {
            yield return part;
        }
    }
}
