#!/usr/bin/env python3
"""A TCP proxy between the API and PostgreSQL that counts round trips (bench/run's capture step).

A round trip is a burst of client-to-server bytes that the server then answers: the client waits.
Everything the client sends before the server's first byte back is one burst, however many
messages or TCP segments it takes. Connection start-up (until the first ReadyForQuery) is not
counted. For each answered burst one line goes to the events file:

    <seconds> <connection> <backend pid> <executes> <simple queries>

where executes counts Execute messages (extended protocol) and simple queries counts Query
messages, so bursts can be matched with the statements in the server's log.

Usage: wire_proxy.py LISTEN_PORT TARGET_PORT EVENTS_FILE
"""
import asyncio
import struct
import sys
import time


class Connection:
    counter = 0

    def __init__(self, events):
        Connection.counter += 1
        self.number = Connection.counter
        self.events = events
        self.pid = 0
        self.ready = False          # after start-up
        self.pending = False        # a burst is waiting for its answer
        self.executes = 0
        self.queries = 0
        self.client_buffer = b""
        self.server_buffer = b""
        self.startup_done = False   # the client's untyped start-up message was seen

    def from_client(self, data):
        self.client_buffer += data
        while True:
            buffer = self.client_buffer
            if not self.startup_done:
                if len(buffer) < 8:
                    return
                length, code = struct.unpack("!ii", buffer[:8])
                if len(buffer) < length:
                    return
                self.client_buffer = buffer[length:]
                if code != 80877103:  # an SSLRequest is answered by one untyped byte; start-up follows
                    self.startup_done = True
                continue
            if len(buffer) < 5:
                return
            kind = buffer[0:1]
            length = struct.unpack("!i", buffer[1:5])[0]
            if len(buffer) < 1 + length:
                return
            self.client_buffer = buffer[1 + length:]
            if self.ready:
                if kind == b"E":
                    self.executes += 1
                elif kind == b"Q":
                    self.queries += 1
                if kind != b"X":
                    self.pending = True

    def from_server(self, data):
        if self.pending:
            self.events.write(f"{time.time():.6f} {self.number} {self.pid} {self.executes} {self.queries}\n")
            self.events.flush()
            self.pending = False
            self.executes = 0
            self.queries = 0
        if self.ready:
            return
        # Start-up: find the backend's pid (BackendKeyData) and the first ReadyForQuery.
        self.server_buffer += data
        while True:
            buffer = self.server_buffer
            if buffer[:1] == b"N" and len(buffer) == 1:  # refused SSL
                self.server_buffer = b""
                return
            if len(buffer) < 5:
                return
            kind = buffer[0:1]
            length = struct.unpack("!i", buffer[1:5])[0]
            if len(buffer) < 1 + length:
                return
            body = buffer[5:1 + length]
            self.server_buffer = buffer[1 + length:]
            if kind == b"K":
                self.pid = struct.unpack("!i", body[:4])[0]
            elif kind == b"Z":
                self.ready = True
                self.server_buffer = b""
                return


async def pipe(reader, writer, on_data):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            on_data(data)
            writer.write(data)
            await writer.drain()
    except (ConnectionResetError, BrokenPipeError):
        pass
    finally:
        writer.close()


async def main():
    listen_port, target_port, events_path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    events = open(events_path, "a", buffering=1)

    async def handle(client_reader, client_writer):
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
        connection = Connection(events)
        await asyncio.gather(
            pipe(client_reader, server_writer, connection.from_client),
            pipe(server_reader, client_writer, connection.from_server),
        )

    server = await asyncio.start_server(handle, "127.0.0.1", listen_port)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
