"""A TCP proxy on loopback in front of a server (PostgreSQL), that can make the server go away: cut every
open connection, refuse new ones while down, or cut the connection that sends a given statement."""

import contextlib
import socket
import threading


class TcpProxy:
    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._down = False
        self._cut_on: bytes | None = None
        self.cuts = 0  # connections cut because they sent the `cut_on` bytes

    def start(self) -> "TcpProxy":
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()
        return self

    def stop(self) -> None:
        _close(self._listener)  # shut down, not only closed: that wakes the accept() waiting on it
        self.cut()
        self._accepting.join()

    def down(self) -> None:
        """The server goes away: every open connection is cut, and new ones are closed at once."""
        with self._lock:
            self._down = True
        self.cut()

    def up(self) -> None:
        with self._lock:
            self._down = False

    def cut(self) -> None:
        with self._lock:
            sockets, self._open = self._open, set()
        for each in sockets:
            _close(each)

    def cut_on(self, data: bytes | None) -> None:
        """Cut the next connection whose client sends `data` (say, the text of a statement), before the
        server sees it; None stops."""
        with self._lock:
            self._cut_on = data

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                down = self._down
            if down:
                _close(client)
                continue
            try:
                server = socket.create_connection(self.target)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._open |= {client, server}
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                if from_client and self._should_cut(data):
                    break
                sink.sendall(data)
        except OSError:
            pass
        with self._lock:
            self._open -= {source, sink}
        _close(source)
        _close(sink)

    def _should_cut(self, data: bytes) -> bool:
        with self._lock:
            if self._cut_on is None or self._cut_on not in data:
                return False
            self._cut_on = None
            self.cuts += 1
            return True


def _close(each: socket.socket) -> None:
    with contextlib.suppress(OSError):
        each.shutdown(socket.SHUT_RDWR)
    each.close()
