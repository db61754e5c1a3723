"""Length-prefixed messages over pipes (8-byte big-endian length, then UTF-8 JSON text)."""

import os

MAX_MESSAGE = 32 << 20


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
    size = int.from_bytes(_read_exact(fd, 8), "big")
    if size > MAX_MESSAGE:
        raise ChannelClosed("message of %d bytes is over the limit" % size)
    return _read_exact(fd, size).decode("utf-8", "surrogatepass")
