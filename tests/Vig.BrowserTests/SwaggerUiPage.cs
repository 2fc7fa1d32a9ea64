using System.Text.Json;
using Microsoft.Playwright;

namespace Vig.BrowserTests;

/// <summary>
/// Swagger UI as a person uses it: the Authorize dialog, and operations opened, tried out and
/// executed. Every read is of what the page shows, never of the network traffic behind it.
/// </summary>
internal sealed class SwaggerUiPage(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>The Authorize button at the top of the page; it shows a closed lock once a token is set.</summary>
    public ILocator AuthorizeButton => Page.Locator(".auth-wrapper button.authorize");

    public async Task OpenAsync(Uri baseAddress)
    {
        await Page.GotoAsync(new Uri(baseAddress, "/swagger/index.html").ToString());
        await Assertions.Expect(Page.Locator(".opblock").First).ToBeVisibleAsync();
    }

    /// <summary>Pastes the token into the bearer field of the Authorize dialog, authorises and closes it.</summary>
    public async Task AuthorizeAsync(string token)
    {
        await AuthorizeButton.ClickAsync();
        var dialog = Page.Locator(".modal-ux");
        await dialog.Locator("input").FillAsync(token);
        await dialog.Locator("button.modal-btn.authorize").ClickAsync();
        await Assertions.Expect(dialog.Locator("h6")).ToHaveTextAsync("Authorized");
        await dialog.Locator("button.modal-btn.btn-done").ClickAsync();
    }

    /// <summary>An operation's block, found by its operationId whatever tag it is listed under.</summary>
    public Operation Find(string operationId) => new(Page.Locator($".opblock[id^='operations-'][id$='-{operationId}']"));

    internal sealed class Operation(ILocator block)
    {
        public ILocator Block { get; } = block;

        /// <summary>The request body editor shown after "Try it out", holding the documented example.</summary>
        public ILocator Body => Block.Locator("textarea.body-param__text");

        /// <summary>The status code cell of the answer the page received.</summary>
        public ILocator Status => Block.Locator(".live-responses-table tr.response .response-col_status");

        /// <summary>The answer's body as the page prints it.</summary>
        public ILocator ResponseBody => Block.Locator(".live-responses-table tr.response .response-col_description .highlight-code pre").First;

        public async Task OpenAsync()
        {
            await Block.Locator(".opblock-summary").First.ClickAsync();
            await Assertions.Expect(Block.Locator(".opblock-body")).ToBeVisibleAsync();
        }

        public async Task TryItOutAsync() => await Block.GetByRole(AriaRole.Button, new() { Name = "Try it out" }).ClickAsync();

        /// <summary>Types into the field of a path, query or header parameter.</summary>
        public async Task FillParameterAsync(string name, string value) =>
            await Block.Locator($"tr[data-param-name='{name}'] input").FillAsync(value);

        public async Task ExecuteAsync() => await Block.GetByRole(AriaRole.Button, new() { Name = "Execute" }).ClickAsync();

        /// <summary>Waits for the page to show <paramref name="status"/> and returns the body it shows with it.</summary>
        public async Task<JsonElement> AnswerAsync(int status)
        {
            await Assertions.Expect(Status).ToHaveTextAsync(status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return JsonDocument.Parse(await ResponseBody.InnerTextAsync()).RootElement.Clone();
        }

        /// <summary>A response header as the page lists it under "Response headers".</summary>
        public async Task<string> ResponseHeaderAsync(string name)
        {
            var lines = await Block.Locator(".live-responses-table .headerline").AllInnerTextsAsync();
            var prefix = name.ToLowerInvariant() + ":";
            var line = lines.Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                ?? throw new InvalidOperationException($"The page lists no {name} header; it lists: {string.Join(" | ", lines)}");
            return line[prefix.Length..].Trim();
        }
    }
}
