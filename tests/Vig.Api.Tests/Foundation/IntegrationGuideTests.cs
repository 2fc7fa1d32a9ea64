using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Vig.Application.Referrals;
using Vig.Domain.Acceptance;
using Vig.Domain.Common;
using Vig.Domain.Referrals;

namespace Vig.Api.Tests.Foundation;

/// <summary>
/// docs/integration.md tells a case-management system's developers what every error code means and
/// what to do about it: a code added to the service without a line there fails here.
/// </summary>
public sealed partial class IntegrationGuideTests
{
    [Fact]
    public void EveryErrorCode_IsExplainedInTheIntegrationGuide()
    {
        var guide = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "integration.md"));

        // Acceptance rule codes (in examples and ruleCodes) are listed by GET /acceptance-rules, not here.
        var ruleCodes = AcceptancePolicy.Current.Rules.Select(rule => rule.Code).ToHashSet(StringComparer.Ordinal);
        var codes = DomainCodes().Concat(ApiCodes()).Where(code => !ruleCodes.Contains(code)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        Assert.Contains("referral.not-found", codes);
        Assert.Contains("token.missing", codes);
        Assert.Contains("database.unavailable", codes);
        var unexplained = codes.Where(code => !guide.Contains($"`{code}`", StringComparison.Ordinal)).ToList();
        Assert.Empty(unexplained);
    }

    /// <summary>Every DomainError the Domain and Application layers can raise, by reflection.</summary>
    private static IEnumerable<string> DomainCodes() =>
        new[] { typeof(ReferralErrors).Assembly, typeof(CreateReferral).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type != typeof(DomainError))
            .SelectMany(type => type.GetMembers(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(member => member switch
            {
                FieldInfo field when field.FieldType == typeof(DomainError) => (DomainError?)field.GetValue(null),
                PropertyInfo property when property.PropertyType == typeof(DomainError) => (DomainError?)property.GetValue(null),
                MethodInfo method when method.ReturnType == typeof(DomainError) && !method.IsGenericMethodDefinition =>
                    (DomainError?)method.Invoke(null, [.. method.GetParameters().Select(p => Placeholder(p.ParameterType))]),
                _ => null,
            })
            .OfType<DomainError>()
            .Select(error => error.Code);

    /// <summary>The codes the HTTP layer writes itself (tokens, idempotency, request limits, database), from its source.</summary>
    private static IEnumerable<string> ApiCodes() =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "src", "Vig.Api"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(path => CodeLiteral().Matches(File.ReadAllText(path)).Select(m => m.Groups["code"].Value));

    [GeneratedRegex("\"(?<code>(?:token|idempotency|request|database|referral|consent)\\.[a-z][a-z-]*)\"")]
    private static partial Regex CodeLiteral();

    /// <summary>An argument for an error factory: the codes do not depend on them.</summary>
    private static object? Placeholder(Type type)
    {
        if (type == typeof(string))
        {
            return "x";
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
        {
            return Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(type.GetGenericArguments()));
        }

        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return Array.CreateInstance(type.GetGenericArguments()[0], 0);
        }

        return type.IsValueType ? Activator.CreateInstance(type) : null;
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Vig.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException($"No Vig.sln above {AppContext.BaseDirectory}.");
    }
}
