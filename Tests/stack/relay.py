"""A TCP relay in front of a server, the way users reach Tempo and Prometheus
through ``kubectl port-forward``: ``stop()`` takes the endpoint down (connections
refused, open ones cut), ``start()`` brings it back on the same port.

    relay = TcpRelay(target_port).start(); relay.url; relay.stop(); relay.start()
"""

from __future__ import annotations

import socket
import threading


class TcpRelay:
    def __init__(self, target_port: int, host: str = "127.0.0.1"):
        self.target = (host, target_port)
        self.host = host
        self.port = 0
        self.listener: socket.socket | None = None
        self.lock = threading.Lock()
        self.open: set[socket.socket] = set()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> TcpRelay:
        """Listen (again) on the relay's port; the first start picks an ephemeral one."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), name="relay-accept", daemon=True).start()
        return self

    def stop(self) -> None:
        """Stop listening and cut every relayed connection."""
        if self.listener is not None:
            self.listener.close()
            self.listener = None
        with self.lock:
            sockets, self.open = self.open, set()
        for sock in sockets:
            _close(sock)

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return                                  # stopped
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                _close(client)
                continue
            with self.lock:
                if self.listener is not listener:       # stopped meanwhile
                    _close(client)
                    _close(upstream)
                    return
                self.open |= {client, upstream}
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(a, b), name="relay-pump", daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(1 << 16):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            with self.lock:
                self.open -= {source, sink}
            _close(source)
            _close(sink)


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
