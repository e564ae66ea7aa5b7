"""Messages between the caller, the fork server and its children: a pickle after an 8-byte length."""

from __future__ import annotations

import pickle
import socket
import struct

_HEADER = struct.Struct("!Q")
MAX_FRAME = 256 * 1024 * 1024
"""Largest message accepted (a request is at most the 5 MiB file; a result is bounded by the worker's memory)."""


def send_frame(sock: socket.socket, value) -> None:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(_HEADER.pack(len(data)) + data)


def _exactly(sock: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed the socket")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def recv_frame(sock: socket.socket):
    """The next message; ``EOFError`` when the other end closed, ``TimeoutError`` after ``sock``'s timeout."""
    (size,) = _HEADER.unpack(_exactly(sock, _HEADER.size))
    if size > MAX_FRAME:
        raise EOFError(f"a message of {size:,} bytes")
    return pickle.loads(_exactly(sock, size))
