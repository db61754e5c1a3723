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


# Made once: json.dumps with non-default arguments builds a new encoder on every call. The C
# encoder and scanner behind json.dumps and json.loads are called directly (dumps and parse
# below): a job process then runs none of json's Python layers, nor copies the pages they touch.
_ENCODER = json.JSONEncoder(allow_nan=True, separators=(",", ":"))
if json.encoder.c_make_encoder is not None:
    # No cycle check (markers None): it only ever encodes trees it has just built (to_wire's
    # output, or the harness's own messages), which hold no cycles.
    _ENCODE_CHUNKS = json.encoder.c_make_encoder(
        None, _ENCODER.default, json.encoder.encode_basestring_ascii, None, ":", ",", False, False, True)
else:  # pragma: no cover (CPython without its _json accelerator)
    _ENCODE_CHUNKS = _ENCODER.iterencode
_SCAN = json.JSONDecoder().scan_once


def dumps(message):
    """A message the harness built (dicts, lists, strings, numbers; no cycles) as compact JSON."""
    return "".join(_ENCODE_CHUNKS(message, 0))


def parse(text):
    """JSON text (a str) to Python values; raises ValueError. Like json.loads, without its
    Python layers."""
    text = text.strip(" \t\n\r")  # JSON's whitespace only, as json.loads allows around the value
    try:
        value, end = _SCAN(text, 0)
    except StopIteration as error:
        raise ValueError("not JSON") from error
    if end != len(text):
        raise ValueError("extra data after the JSON value")
    return value


def encode(value):
    """Plain data to JSON text; raises NotPlainData for anything else."""
    text = dumps(_to_wire(value, 0))
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
