using Vig.Application.Common;

namespace Vig.Api.Security;

/// <summary>`dotnet run --project src/Vig.Api -- token &lt;client-id&gt; &lt;scope&gt;...`: a token for local use, valid 8 hours.</summary>
internal static class DevelopmentTokenCommand
{
    public static int Run(WebApplicationBuilder builder, string[] args)
    {
        var settings = builder.Configuration.GetSection(VigAuthenticationOptions.Section).Get<VigAuthenticationOptions>() ?? new();
        if (!builder.Environment.IsDevelopment() || string.IsNullOrWhiteSpace(settings.DevelopmentKeyFile))
        {
            Console.Error.WriteLine("Development tokens exist only in Development (run through `dotnet run`); elsewhere tokens come from the council's identity provider.");
            return 2;
        }

        var unknown = args.Skip(1).Where(s => !Scopes.All.Contains(s)).ToList();
        if (args.Length < 2 || unknown.Count > 0)
        {
            Console.Error.WriteLine($"Usage: dotnet run --project src/Vig.Api -- token <client-id> <scope>...   (scopes: {string.Join(", ", Scopes.All)})");
            return 2;
        }

        var key = DevelopmentTokens.LoadOrCreateKey(Path.GetFullPath(settings.DevelopmentKeyFile, builder.Environment.ContentRootPath));
        Console.WriteLine(DevelopmentTokens.Mint(key, DevelopmentTokens.Issuer, settings.Audience, args[0], args[1..], DateTimeOffset.UtcNow, TimeSpan.FromHours(8)));
        return 0;
    }
}
