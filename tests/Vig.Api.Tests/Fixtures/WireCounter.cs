using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Vig.Api.Tests.Fixtures;

/// <summary>
/// A TCP proxy between an API host and PostgreSQL that counts, on the wire, what the API costs the
/// database: round trips (a burst of messages the API sends before it waits for the server's
/// answer), statements (Execute messages and simple queries), parses (statements sent as text to be
/// planned: none once they are prepared and kept), and commits (transactions that wrote something
/// and ended committed: an explicit COMMIT, or an implicit transaction of one round trip). It reads
/// PostgreSQL's protocol (v3) only as far as message types and command tags; connection start-up
/// is not counted. Connections must not use TLS (<see cref="ConnectionString"/> turns it off).
/// </summary>
public sealed class WireCounter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly Lock _gate = new();
    private WireCost _total = WireCost.None;

    /// <param name="connectionString">The real server's connection string.</param>
    public WireCounter(string connectionString)
    {
        var real = new NpgsqlConnectionStringBuilder(connectionString);
        _host = real.Host!;
        _port = real.Port;
        _listener.Start();
        real.Host = "127.0.0.1";
        real.Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        real.SslMode = SslMode.Disable;
        real.GssEncryptionMode = GssEncryptionMode.Disable;
        ConnectionString = real.ConnectionString;
        _tasks.Add(AcceptAsync());
    }

    /// <summary>The same database, through this proxy.</summary>
    public string ConnectionString { get; }

    /// <summary>What was counted since the last call (waits briefly for the last answers to pass through).</summary>
    public async Task<WireCost> TakeAsync()
    {
        await Task.Delay(100);
        lock (_gate)
        {
            var taken = _total;
            _total = WireCost.None;
            return taken;
        }
    }

    private void Add(WireCost cost)
    {
        lock (_gate)
        {
            _total += cost;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var server = new TcpClient();
            await server.ConnectAsync(_host == "localhost" ? "127.0.0.1" : _host, _port);
            var connection = new Connection(this);
            lock (_gate)
            {
                _tasks.Add(connection.RunAsync(client, server, _stop.Token));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] tasks;
        lock (_gate)
        {
            tasks = [.. _tasks];
        }

        await Task.WhenAll(tasks.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        _stop.Dispose();
    }

    /// <summary>One connection: both directions, parsed message by message.</summary>
    private sealed class Connection(WireCounter counter)
    {
        private readonly Lock _gate = new();
        private bool _ready; // past start-up: the first ReadyForQuery
        private bool _serverSpokeLast = true;
        private readonly Queue<bool> _segments = new(); // sent up to a Sync or a simple query, not answered yet: whether it writes
        private bool _segmentWrites;
        private bool _boundWrites;
        private bool _wrote;
        private bool _failed;
        private bool _committedExplicitly;
        private bool _inExplicitTransaction;
        private bool _expectSingleByte;
        private readonly Dictionary<string, bool> _statementWrites = new(StringComparer.Ordinal);
        private string _unnamedText = string.Empty;

        public async Task RunAsync(TcpClient client, TcpClient server, CancellationToken stop)
        {
            using (client)
            using (server)
            {
                var fromClient = PumpAsync(client.GetStream(), server.GetStream(), FromClient, startup: true, stop);
                var fromServer = PumpAsync(server.GetStream(), client.GetStream(), FromServer, startup: false, stop);
                await Task.WhenAny(fromClient, fromServer);
            }
        }

        private async Task PumpAsync(NetworkStream from, NetworkStream to, Action<byte, ReadOnlyMemory<byte>> onMessage, bool startup, CancellationToken stop)
        {
            var header = new byte[5];
            try
            {
                if (startup)
                {
                    // Start-up messages have no type byte; an SSL or GSS request is answered with one byte.
                    while (true)
                    {
                        await from.ReadExactlyAsync(header.AsMemory(0, 4), stop);
                        var length = BinaryPrimitives.ReadInt32BigEndian(header);
                        var body = new byte[length - 4];
                        await from.ReadExactlyAsync(body, stop);
                        var code = BinaryPrimitives.ReadInt32BigEndian(body);
                        lock (_gate)
                        {
                            _expectSingleByte = code is 80877103 or 80877104;
                        }

                        await to.WriteAsync(header.AsMemory(0, 4), stop);
                        await to.WriteAsync(body, stop);
                        if (code is not (80877103 or 80877104))
                        {
                            break;
                        }
                    }
                }

                while (true)
                {
                    if (!startup && TakeSingleByteAnswer())
                    {
                        await from.ReadExactlyAsync(header.AsMemory(0, 1), stop);
                        await to.WriteAsync(header.AsMemory(0, 1), stop);
                        continue;
                    }

                    await from.ReadExactlyAsync(header, stop);
                    var length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
                    var body = new byte[length - 4];
                    await from.ReadExactlyAsync(body, stop);
                    onMessage(header[0], body);
                    await to.WriteAsync(header, stop);
                    await to.WriteAsync(body, stop);
                }
            }
            catch (Exception ex) when (ex is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The connection ended.
            }
        }

        private bool TakeSingleByteAnswer()
        {
            lock (_gate)
            {
                var expected = _expectSingleByte;
                _expectSingleByte = false;
                return expected;
            }
        }

        private void FromClient(byte type, ReadOnlyMemory<byte> body)
        {
            lock (_gate)
            {
                if (!_ready)
                {
                    return;
                }

                var cost = WireCost.None;
                if (_serverSpokeLast && type is (byte)'Q' or (byte)'P' or (byte)'B' or (byte)'E' or (byte)'S')
                {
                    _serverSpokeLast = false;
                    cost = cost with { RoundTrips = 1 };
                }

                if (type == (byte)'E')
                {
                    _segmentWrites |= _boundWrites;
                    cost = cost with { Statements = cost.Statements + 1 };
                }
                else if (type == (byte)'S')
                {
                    _segments.Enqueue(_segmentWrites);
                    _segmentWrites = false;
                }
                else if (type == (byte)'Q')
                {
                    var text = Encoding.UTF8.GetString(body.Span[..^1]);
                    _segments.Enqueue(Writes(text));
                    cost = cost with { Statements = cost.Statements + 1, Discards = text.StartsWith("DISCARD", StringComparison.OrdinalIgnoreCase) ? 1 : 0 };
                }
                else if (type == (byte)'P')
                {
                    // Parse: statement name, then its text. Bind names the statement it runs.
                    var (name, rest) = CString(body);
                    var (text, _) = CString(rest);
                    if (name.Length == 0)
                    {
                        _unnamedText = text;
                    }
                    else
                    {
                        _statementWrites[name] = Writes(text);
                    }

                    cost = cost with { Parses = 1 };
                }
                else if (type == (byte)'B')
                {
                    var (_, rest) = CString(body);
                    var (statement, _) = CString(rest);
                    _boundWrites = statement.Length == 0 ? Writes(_unnamedText) : _statementWrites.GetValueOrDefault(statement);
                }

                counter.Add(cost);
            }
        }

        // A statement writes if it inserts, updates or deletes, also from inside a CTE (whose
        // command tag is the outer SELECT's, so tags alone do not tell).
        private static bool Writes(string sql) =>
            System.Text.RegularExpressions.Regex.IsMatch(sql, @"\b(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);

        private static (string Text, ReadOnlyMemory<byte> Remainder) CString(ReadOnlyMemory<byte> bytes)
        {
            var end = bytes.Span.IndexOf((byte)0);
            return (Encoding.UTF8.GetString(bytes.Span[..end]), bytes[(end + 1)..]);
        }

        private void FromServer(byte type, ReadOnlyMemory<byte> body)
        {
            lock (_gate)
            {
                _serverSpokeLast = true;
                if (type == (byte)'C')
                {
                    var tag = Encoding.UTF8.GetString(body.Span[..^1]);
                    if (tag == "BEGIN")
                    {
                        _inExplicitTransaction = true;
                    }
                    else if (tag == "COMMIT")
                    {
                        _committedExplicitly = true;
                    }
                }
                else if (type == (byte)'E')
                {
                    _failed = true;
                }
                else if (type == (byte)'Z')
                {
                    // A segment has been answered; once the transaction status is idle again, the
                    // transaction, explicit or implicit, has ended: committed if it wrote, did not
                    // fail, and (if explicit) ended with COMMIT.
                    if (_ready && _segments.TryDequeue(out var writes))
                    {
                        _wrote |= writes;
                    }

                    _ready = true;
                    if ((char)body.Span[0] == 'I')
                    {
                        if (_wrote && !_failed && (_committedExplicitly || !_inExplicitTransaction))
                        {
                            counter.Add(WireCost.None with { Commits = 1 });
                        }

                        _wrote = false;
                        _failed = false;
                        _committedExplicitly = false;
                        _inExplicitTransaction = false;
                    }
                }
            }
        }
    }
}

/// <summary>What requests cost the database, counted on the wire by <see cref="WireCounter"/>.</summary>
public sealed record WireCost(int RoundTrips, int Statements, int Commits, int Parses, int Discards)
{
    public static readonly WireCost None = new(0, 0, 0, 0, 0);

    public static WireCost operator +(WireCost a, WireCost b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.RoundTrips + b.RoundTrips, a.Statements + b.Statements, a.Commits + b.Commits, a.Parses + b.Parses, a.Discards + b.Discards);
    }

    public override string ToString() => $"{RoundTrips} round trips, {Statements} statements, {Commits} commits, {Parses} parses, {Discards} DISCARDs";
}
