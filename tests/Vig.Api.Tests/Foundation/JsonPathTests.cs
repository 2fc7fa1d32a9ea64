using Vig.Api.Errors;

namespace Vig.Api.Tests.Foundation;

public sealed class JsonPathTests
{
    [Theory]
    [InlineData("Child.DateOfBirth", "child.dateOfBirth")]
    [InlineData("Concerns[0].Code", "concerns[0].code")]
    [InlineData("Route", "route")]
    [InlineData("", "$")]
    public void FromPropertyPath_GivesCamelCaseJsonPaths(string propertyPath, string expected) =>
        Assert.Equal(expected, JsonPath.FromPropertyPath(propertyPath));

    [Theory]
    [InlineData("$.child.dateOfBirth", "child.dateOfBirth")]
    [InlineData("$", "$")]
    [InlineData(null, "$")]
    public void FromJsonExceptionPath_DropsTheRootMarker(string? path, string expected) =>
        Assert.Equal(expected, JsonPath.FromJsonExceptionPath(path));
}
