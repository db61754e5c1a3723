"""Strict plain-data encoding between the candidate's process and the checker's.

Only None, bool, int, float, str, bytes, list, tuple, dict, set and frozenset cross, checked
by exact type (an int subclass with a rigged __eq__ is refused, not converted). The decoder
builds fresh built-in objects, so whatever the candidate's process sends, the checker only
ever compares values of built-in types. Never pickle.

Wire form (JSON): scalars and lists as themselves; {"t": [...]} tuple, {"s": [...]} set,
{"f": [...]} frozenset, {"d": [[k, v], ...]} dict, {"b": "hex"} bytes.
"""

import json

MAX_DEPTH = 64
MAX_BYTES = 16 << 20


class NotPlainData(TypeError):
    pass


def _to_wire(value, depth):
    if depth > MAX_DEPTH:
        raise NotPlainData("value nested deeper than %d" % MAX_DEPTH)
    kind = type(value)
    if value is None or kind is bool or kind is int or kind is float or kind is str:
        return value
    if kind is list:
        return [_to_wire(v, depth + 1) for v in value]
    if kind is tuple:
        return {"t": [_to_wire(v, depth + 1) for v in value]}
    if kind is set:
        return {"s": [_to_wire(v, depth + 1) for v in value]}
    if kind is frozenset:
        return {"f": [_to_wire(v, depth + 1) for v in value]}
    if kind is dict:
        return {"d": [[_to_wire(k, depth + 1), _to_wire(v, depth + 1)] for k, v in value.items()]}
    if kind is bytes:
        return {"b": value.hex()}
    raise NotPlainData("not plain data: %s" % kind.__name__)


def to_wire(value):
    """Plain data to its wire form (JSON-ready built-ins); raises NotPlainData for anything else.
    The caller serialises it and bounds the size."""
    return _to_wire(value, 0)


def from_wire(item):
    """A wire form parsed from JSON to fresh built-in values; raises ValueError."""
    return _from_wire(item, 0)


# Made once: json.dumps with non-default arguments builds a new encoder on every call.
_ENCODER = json.JSONEncoder(allow_nan=True, separators=(",", ":"))


def encode(value):
    """Plain data to JSON text; raises NotPlainData for anything else."""
    text = _ENCODER.encode(_to_wire(value, 0))
    if len(text) > MAX_BYTES:
        raise NotPlainData("value larger than %d bytes" % MAX_BYTES)
    return text


def _from_wire(item, depth):
    if depth > MAX_DEPTH:
        raise ValueError("nested too deep")
    kind = type(item)
    if item is None or kind is bool or kind is int or kind is float or kind is str:
        return item
    if kind is list:
        return [_from_wire(v, depth + 1) for v in item]
    if kind is dict and len(item) == 1:
        (tag, body), = item.items()
        if tag == "b" and type(body) is str:
            return bytes.fromhex(body)
        if type(body) is list:
            if tag == "t":
                return tuple(_from_wire(v, depth + 1) for v in body)
            if tag == "s":
                return set(_from_wire(v, depth + 1) for v in body)
            if tag == "f":
                return frozenset(_from_wire(v, depth + 1) for v in body)
            if tag == "d":
                out = {}
                for pair in body:
                    if type(pair) is not list or len(pair) != 2:
                        raise ValueError("bad dict entry")
                    out[_from_wire(pair[0], depth + 1)] = _from_wire(pair[1], depth + 1)
                return out
    raise ValueError("not a plain-data encoding")


def decode(text):
    """JSON text from the other side to fresh built-in values; raises ValueError."""
    if len(text) > MAX_BYTES:
        raise ValueError("message too large")
    return _from_wire(json.loads(text), 0)
