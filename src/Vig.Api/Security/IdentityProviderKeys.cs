using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Vig.Api.Security;

/// <summary>The issuer tokens must name and the keys that may sign them, as last loaded.</summary>
internal sealed record KeySet(string? Issuer, IReadOnlyList<SecurityKey> Keys)
{
    public static readonly KeySet None = new(null, []);

    public bool Knows(string kid) => Keys.Any(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));

    /// <summary>The keys that may have signed a token naming <paramref name="kid"/>: that key, or every key without an id.</summary>
    public IEnumerable<SecurityKey> For(string? kid) =>
        kid is null ? Keys : Keys.Where(k => k.KeyId is null || string.Equals(k.KeyId, kid, StringComparison.Ordinal));
}

/// <summary>
/// The identity provider's signing keys, kept current: fetched through OpenID discovery from the
/// authority, or re-read from the JWKS file, every <see cref="VigAuthenticationOptions.KeyRefreshInterval"/>
/// (<see cref="KeyRefresher"/>) and when a token names a key not known yet, so a rotation needs no
/// restart and a removed key is refused within the interval. Inline and development keys never change.
/// A failed fetch keeps the last keys and logs a warning.
/// </summary>
internal sealed partial class IdentityProviderKeys(KeySource source, IHttpClientFactory http, ILogger<IdentityProviderKeys> logger)
{
    public const string HttpClientName = "identity-provider";

    /// <summary>On-demand fetches (a token naming an unknown key) happen at most this often, so forged key ids cannot hammer the provider.</summary>
    public static readonly TimeSpan UnknownKeyRefreshGap = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private volatile KeySet _current = source.InitialKeys;
    private Task _refreshing = Task.CompletedTask;
    private DateTimeOffset _lastOnDemand = DateTimeOffset.MinValue;

    public KeySet Current => _current;

    public bool Refreshes => source.Kind is KeySourceKind.Authority or KeySourceKind.File;

    /// <summary>Fetches the keys now, or joins the fetch under way.</summary>
    public Task RefreshAsync()
    {
        lock (_gate)
        {
            if (_refreshing.IsCompleted)
            {
                _refreshing = Task.Run(LoadAsync, CancellationToken.None);
            }

            return _refreshing;
        }
    }

    /// <summary>
    /// Before a token naming <paramref name="kid"/> is checked: when no current key has that id,
    /// fetch the keys (at most every <see cref="UnknownKeyRefreshGap"/>), so the first token signed
    /// by a new key is accepted rather than refused until the next interval.
    /// </summary>
    public async ValueTask EnsureKnownAsync(string? kid, CancellationToken cancellationToken)
    {
        if (!Refreshes || kid is null || _current.Knows(kid))
        {
            return;
        }

        Task refresh;
        lock (_gate)
        {
            var now = TimeProvider.System.GetUtcNow();
            if (!_refreshing.IsCompleted)
            {
                refresh = _refreshing;
            }
            else if (now - _lastOnDemand < UnknownKeyRefreshGap)
            {
                return;
            }
            else
            {
                _lastOnDemand = now;
                refresh = _refreshing = Task.Run(LoadAsync, CancellationToken.None);
            }
        }

        await refresh.WaitAsync(cancellationToken);
    }

    private async Task LoadAsync()
    {
        try
        {
            var loaded = source.Kind == KeySourceKind.Authority ? await DiscoverAsync() : KeySource.ReadFile(source.File!, source.Issuer!);
            var before = _current;
            _current = loaded;
            if (!SameKeys(before, loaded))
            {
                var ids = string.Join(' ', loaded.Keys.Select(k => k.KeyId));
                LogKeysLoaded(logger, loaded.Keys.Count, ids);
            }
        }
        catch (Exception ex)
        {
            // Whatever the provider answers, a fetch never fails a request or stops the service:
            // the last keys stay in use and the warning says the fetch failed.
            LogKeysNotLoaded(logger, ex.GetType().Name, _current.Keys.Count);
        }
    }

    private async Task<KeySet> DiscoverAsync()
    {
        using var client = http.CreateClient(HttpClientName);
        var retriever = new HttpDocumentRetriever(client) { RequireHttps = source.RequireHttps };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(source.DiscoveryAddress!, retriever, timeout.Token);
        var keys = configuration.SigningKeys.ToList();
        if (keys.Count == 0 || string.IsNullOrEmpty(configuration.Issuer))
        {
            throw new InvalidOperationException("The discovery document names no issuer or its key set holds no signing key.");
        }

        return new KeySet(source.Issuer ?? configuration.Issuer, keys);
    }

    private static bool SameKeys(KeySet a, KeySet b) =>
        a.Issuer == b.Issuer && a.Keys.Select(k => k.KeyId).Order(StringComparer.Ordinal).SequenceEqual(b.Keys.Select(k => k.KeyId).Order(StringComparer.Ordinal));

    [LoggerMessage(Level = LogLevel.Information, Message = "Identity provider keys loaded: {Count} signing key(s), ids {KeyIds}")]
    private static partial void LogKeysLoaded(ILogger logger, int count, string keyIds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Identity provider keys could not be loaded ({ExceptionType}); keeping the {Count} key(s) loaded before")]
    private static partial void LogKeysNotLoaded(ILogger logger, string exceptionType, int count);
}

/// <summary>Fetches the keys every <see cref="VigAuthenticationOptions.KeyRefreshInterval"/>, and once at start.</summary>
internal sealed class KeyRefresher(IdentityProviderKeys keys, VigAuthenticationOptions settings) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!keys.Refreshes)
        {
            return;
        }

        await keys.RefreshAsync().WaitAsync(stoppingToken);

        // Real time, like the tokens' own expiry: a test's calendar clock may stand still.
        using var timer = new PeriodicTimer(settings.KeyRefreshInterval, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await keys.RefreshAsync().WaitAsync(stoppingToken);
        }
    }
}
