"""Minimal protobuf wire-format writer and reader.

Used where generating code for a message is not worth it: Tempo's
``TraceByIDResponse`` wrapper, Prometheus' remote-write ``WriteRequest`` and
the few KServe gRPC fields the Triton stand-in reads and writes.
"""

from __future__ import annotations

import struct

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5


def varint(value: int) -> bytes:
    """Unsigned LEB128 (negative int64 values as two's complement)."""
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _key(number: int, wire_type: int) -> bytes:
    return varint(number << 3 | wire_type)


def field_varint(number: int, value: int) -> bytes:
    return _key(number, VARINT) + varint(value)


def field_bytes(number: int, value: bytes | str) -> bytes:
    data = value.encode() if isinstance(value, str) else value
    return _key(number, LENGTH) + varint(len(data)) + data


def field_double(number: int, value: float) -> bytes:
    return _key(number, FIXED64) + struct.pack("<d", value)


def _read_varint(buf: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def iter_fields(buf: bytes):
    """Yield (field number, wire type, value) for each top-level field.

    Values are ints for varints and fixed fields, bytes for length-delimited.
    """
    pos = 0
    while pos < len(buf):
        key, pos = _read_varint(buf, pos)
        number, wire_type = key >> 3, key & 7
        if wire_type == VARINT:
            value, pos = _read_varint(buf, pos)
        elif wire_type == FIXED64:
            value, pos = int.from_bytes(buf[pos:pos + 8], "little"), pos + 8
        elif wire_type == FIXED32:
            value, pos = int.from_bytes(buf[pos:pos + 4], "little"), pos + 4
        elif wire_type == LENGTH:
            length, pos = _read_varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        else:
            raise ValueError(f"unsupported wire type {wire_type}")
        yield number, wire_type, value
