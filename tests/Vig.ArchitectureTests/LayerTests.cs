using System.Xml.Linq;
using NetArchTest.Rules;

namespace Vig.ArchitectureTests;

/// <summary>
/// Keeps the layers honest. Dependencies flow Api -> Infrastructure -> Application -> Domain and
/// never back; each rule is checked on what the project declares and on what its types use.
/// </summary>
public sealed class LayerTests
{
    private static readonly System.Reflection.Assembly Domain = typeof(Vig.Domain.Common.DomainError).Assembly;
    private static readonly System.Reflection.Assembly Application = typeof(Vig.Application.DependencyInjection).Assembly;
    private static readonly System.Reflection.Assembly Infrastructure = typeof(Vig.Infrastructure.DependencyInjection).Assembly;

    [Fact]
    public void DomainProject_DeclaresNoProjectOrPackageReference()
    {
        var references = DeclaredReferences("Vig.Domain");

        Assert.Empty(references);
    }

    [Fact]
    public void ApplicationProject_ReferencesOnlyDomainMediatRAndFluentValidation()
    {
        var references = DeclaredReferences("Vig.Application");

        Assert.Equal(
            ["FluentValidation", "FluentValidation.DependencyInjectionExtensions", "MediatR", "Vig.Domain"],
            references.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void InfrastructureProject_ReferencesApplicationAndDomain_AndNotTheApi()
    {
        var references = DeclaredReferences("Vig.Infrastructure");

        Assert.Contains("Vig.Application", references);
        Assert.Contains("Vig.Domain", references);
        Assert.DoesNotContain("Vig.Api", references);
    }

    [Fact]
    public void DomainTypes_UseNothingOutsideTheBaseLibrary()
    {
        var result = Types.InAssembly(Domain).ShouldNot()
            .HaveDependencyOnAny("Vig.Application", "Vig.Infrastructure", "Vig.Api", "MediatR", "FluentValidation", "Microsoft", "Npgsql")
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Fact]
    public void ApplicationTypes_DoNotUseEfCoreAspNetCoreOrOuterLayers()
    {
        var result = Types.InAssembly(Application).ShouldNot()
            .HaveDependencyOnAny("Vig.Infrastructure", "Vig.Api", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql")
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Fact]
    public void InfrastructureTypes_DoNotUseTheApi()
    {
        var result = Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn("Vig.Api").GetResult();

        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Fact]
    public void AcceptanceRules_DoNotDependOnTheReferralAggregate()
    {
        var result = Types.InAssembly(Domain).That().ResideInNamespace("Vig.Domain.Acceptance")
            .ShouldNot().HaveDependencyOn("Vig.Domain.Referrals.Referral")
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result));
    }

    [Fact]
    public void Handlers_AreSealed()
    {
        var result = Types.InAssembly(Application).That().ImplementInterface(typeof(MediatR.IRequestHandler<,>))
            .Should().BeSealed()
            .GetResult();

        Assert.True(result.IsSuccessful, Failing(result));
    }

    /// <summary>The names of the ProjectReference and PackageReference items of src/{project}.</summary>
    private static List<string> DeclaredReferences(string project)
    {
        var path = Path.Combine(RepositoryRoot(), "src", project, project + ".csproj");
        return XDocument.Load(path).Descendants()
            .Where(e => e.Name.LocalName is "ProjectReference" or "PackageReference")
            .Select(e => e.Attribute("Include")!.Value.Replace('\\', '/'))
            .Select(include => include.EndsWith(".csproj", StringComparison.Ordinal) ? Path.GetFileNameWithoutExtension(include) : include)
            .ToList();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Vig.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Vig.sln was not found above the test folder.");
    }

    private static string Failing(TestResult result) =>
        "Breaking types: " + string.Join(", ", result.FailingTypeNames ?? []);
}
