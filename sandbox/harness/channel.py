"""Length-prefixed messages over pipes (8-byte big-endian length, then UTF-8 JSON text)."""

import os

MAX_MESSAGE = 32 << 20
_CHUNK = 1 << 16


class ChannelClosed(Exception):
    pass


def _read_exact(fd, n):
    chunks = []
    while n > 0:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise ChannelClosed("the other side closed the channel")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def send(fd, text):
    data = text.encode("utf-8", "surrogatepass")
    data = len(data).to_bytes(8, "big") + data
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def receive(fd):
    """One message, read exactly (never past its end: the rest of the pipe stays for others)."""
    size = int.from_bytes(_read_exact(fd, 8), "big")
    if size > MAX_MESSAGE:
        raise ChannelClosed("message of %d bytes is over the limit" % size)
    return _read_exact(fd, size).decode("utf-8", "surrogatepass")


class Reader:
    """Receives messages from a pipe only this process reads, usually in one read() each;
    bytes past a message's end are kept for the next one."""

    def __init__(self, fd):
        self.fd = fd
        self.buffer = bytearray()  # appended in place: a large message costs linear time

    def _fill(self, need):
        while len(self.buffer) < need:
            chunk = os.read(self.fd, max(_CHUNK, min(need - len(self.buffer), 1 << 20)))
            if not chunk:
                raise ChannelClosed("the other side closed the channel")
            self.buffer += chunk

    def receive(self):
        self._fill(8)
        size = int.from_bytes(self.buffer[:8], "big")
        if size > MAX_MESSAGE:
            raise ChannelClosed("message of %d bytes is over the limit" % size)
        self._fill(8 + size)
        body = bytes(self.buffer[8:8 + size])
        del self.buffer[:8 + size]
        return body.decode("utf-8", "surrogatepass")
