using System.Reflection;
using Vig.Application.Common;

namespace Vig.Application.Tests;

public sealed class AuditActionsTests
{
    private static readonly List<string> Actions = typeof(AuditActions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToList();

    [Fact]
    public void EveryAction_IsDistinct_AndFitsTheAuditColumn_WithTheRefusedSuffix()
    {
        Assert.NotEmpty(Actions);
        Assert.Equal(Actions.Count, Actions.Distinct(StringComparer.Ordinal).Count());
        Assert.All(Actions, a => Assert.True((a + AuditEntry.RefusedSuffix).Length <= AuditEntry.ActionMaxLength, a));
    }
}
