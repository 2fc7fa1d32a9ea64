using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Vig.Api.Tests.Fixtures;

namespace Vig.BrowserTests;

/// <summary>
/// An integration tester's session in Swagger UI, in headless Chromium against the real API on
/// Kestrel and PostgreSQL: what they click, and what the page then shows them.
/// </summary>
[Collection(ApiTestGroup.Name)]
public sealed class SwaggerUiJourneyTests(ApiFixture api) : IAsyncLifetime
{
    // Ceilings for the page to react, not expectations of speed: a cold API on a busy two-core
    // machine can take seconds to answer its first request.
    private const float PatienceMs = 60_000;

    private readonly List<string> _pageErrors = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        api.Factory.Clock.Reset();
        await api.ResetDatabaseAsync();
        Assertions.SetDefaultExpectTimeout(PatienceMs);
        _playwright = await Playwright.CreateAsync();
        _browser = await Chromium.LaunchAsync(_playwright);
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    [Fact]
    public async Task Tester_Authorizes_CreatesAndSubmitsWithTheExample_AndSeesAnEligibleEvaluation_StillAuthorisedAfterReload()
    {
        var swagger = await OpenSwaggerUiAsync();
        await swagger.AuthorizeAsync(TestTokens.For(TestTokens.DefaultClient, TestTokens.DefaultScopes));
        await Assertions.Expect(swagger.AuthorizeButton).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\blocked\b"));

        // Create with the example exactly as the page offers it; it submits at once.
        var create = swagger.Find("CreateReferral");
        await create.OpenAsync();
        await create.TryItOutAsync();
        await Assertions.Expect(create.Body).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("\"submit\": true"));
        await create.ExecuteAsync();
        var created = await create.AnswerAsync(201);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("submitted", created.GetProperty("status").GetString());

        // The example carries the mother's consent, so one call made it eligible: the page shows it.
        await Assertions.Expect(create.ResponseBody).ToContainTextAsync("\"verdict\": \"eligible\"");
        Assert.Equal("eligible", created.GetProperty("latestEvaluation").GetProperty("verdict").GetString());

        // Read the evaluation: the page shows 200 and the verdict.
        var evaluation = swagger.Find("EvaluateReferral");
        await evaluation.OpenAsync();
        await evaluation.TryItOutAsync();
        await evaluation.FillParameterAsync("id", id);
        await evaluation.ExecuteAsync();
        var evaluated = await evaluation.AnswerAsync(200);
        await Assertions.Expect(evaluation.ResponseBody).ToContainTextAsync("\"verdict\": \"eligible\"");
        Assert.Equal("eligible", evaluated.GetProperty("verdict").GetString());
        Assert.Empty(evaluated.GetProperty("unmetRules").EnumerateArray());

        await evaluation.Block.ScrollIntoViewIfNeededAsync();
        await swagger.Page.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("swagger-ui-journey.png") });

        // After a reload the token is still there, and the page's requests still carry it.
        await swagger.Page.ReloadAsync();
        await Assertions.Expect(swagger.AuthorizeButton).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\blocked\b"));
        var read = swagger.Find("GetReferral");
        await read.OpenAsync();
        await read.TryItOutAsync();
        await read.FillParameterAsync("id", id);
        await read.ExecuteAsync();
        var referral = await read.AnswerAsync(200);
        Assert.Equal(id, referral.GetProperty("id").GetString());

        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task SchemaTab_ShowsTheCreateBodysNestedFieldsWithoutClicking()
    {
        var swagger = await OpenSwaggerUiAsync();
        var create = swagger.Find("CreateReferral");
        await create.OpenAsync();
        await create.Block.Locator(".opblock-section-request-body").GetByRole(AriaRole.Tab, new() { Name = "Schema" }).ClickAsync();

        // child.dateOfBirth is two levels down, parentCarers[].relationship three (both required: shown with *).
        var model = create.Block.Locator(".opblock-section-request-body .model-box");
        await model.ScreenshotAsync(new() { Path = Chromium.ArtifactPath("swagger-ui-schema.png") });
        await Assertions.Expect(model.GetByText(new System.Text.RegularExpressions.Regex(@"^dateOfBirth\*?$"))).ToBeVisibleAsync();
        await Assertions.Expect(model.GetByText(new System.Text.RegularExpressions.Regex(@"^relationship\*?$"))).ToBeVisibleAsync();
        await Assertions.Expect(model.GetByText("[...]", new() { Exact = true })).ToHaveCountAsync(0);
        Assert.Empty(_pageErrors);
    }

    private async Task<SwaggerUiPage> OpenSwaggerUiAsync()
    {
        var page = await _browser!.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1100 } });
        page.SetDefaultTimeout(PatienceMs);
        page.PageError += (_, error) => _pageErrors.Add(error);
        using var client = api.Factory.CreateClient();
        var swagger = new SwaggerUiPage(page);
        await swagger.OpenAsync(client.BaseAddress!);
        return swagger;
    }
}
