"""A small TraceQL subset for the Tempo stand-in.

Supported: one spanset filter ``{ ... }`` with comparisons joined by ``&&``
and ``||`` (parentheses allowed), optionally preceded by an ancestor spanset
and the descendant operator (``{ A } >> { B }``: spans matching B below a span
matching A) or by ``{ A } !> { B }`` (spans matching B whose parent does not
match A; with ``{ }`` as A: spans without a parent span in the trace),
optionally followed by ``| select(...)`` and by query hints ``with (k=v, ...)``
(Tempo ≥ 2.5; ``most_recent=true`` is the one Tempo acts on).

* Attributes: ``resource.x``, ``span.x``, ``.x`` (span first, then resource)
  and the intrinsics ``name``, ``status``, ``statusMessage``, ``kind``,
  ``duration``, ``rootServiceName``, ``rootName``, ``traceDuration`` (also in
  their ``span:``/``trace:`` spellings).
* Operators: ``= != > >= < <= =~ !~``; literals: strings, integers, floats,
  durations (``10ms``), ``true``/``false``, statuses and kinds.

Errors read like Tempo's: ``parse error at line 1, col N: syntax error:
unexpected X``; the HTTP layer prefixes ``invalid TraceQL query: ``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DURATION_UNITS = {"ns": 1, "us": 1_000, "µs": 1_000, "ms": 1_000_000, "s": 1_000_000_000,
                   "m": 60_000_000_000, "h": 3_600_000_000_000}
_STATUSES = {"error", "ok", "unset"}
_KINDS = {"unspecified", "internal", "server", "client", "producer", "consumer"}
_OPERATORS = ["!>", ">>", "=~", "!~", "!=", ">=", "<=", "&&", "||", "=", ">", "<", "{", "}", "(", ")", "|", ","]
_TOKEN_NAMES = {"!>": "NOT_CHILD", ">>": "DESC", "{": "OPEN_BRACE", "}": "CLOSE_BRACE", "(": "OPEN_PARENS", ")": "CLOSE_PARENS",
                "|": "PIPE", ",": "COMMA", "&&": "AND", "||": "OR", "=": "EQ", "!=": "NEQ",
                "=~": "RE", "!~": "NRE", ">": "GT", ">=": "GTE", "<": "LT", "<=": "LTE"}
_NUMBER = re.compile(r"-?\d+(\.\d+)?(ns|us|µs|ms|s|m|h)?")
_IDENT = re.compile(r"[A-Za-z_.:][A-Za-z0-9_.:/]*")

INTRINSICS = {
    "name": "name", "span:name": "name",
    "status": "status", "span:status": "status",
    "statusMessage": "statusMessage", "span:statusMessage": "statusMessage",
    "kind": "kind", "span:kind": "kind",
    "duration": "duration", "span:duration": "duration",
    "rootServiceName": "rootServiceName", "trace:rootService": "rootServiceName",
    "rootName": "rootName", "trace:rootName": "rootName",
    "traceDuration": "traceDuration", "trace:duration": "traceDuration",
}
# Intrinsics Tempo leaves out of a search result's span attributes.
_NOT_SHOWN = {"name", "duration", "traceDuration", "rootServiceName", "rootName"}


class ParseError(ValueError):
    """A TraceQL syntax error with Tempo's wording."""


@dataclass(frozen=True)
class Token:
    kind: str      # "op", "string", "number", "ident", "end"
    text: str
    col: int       # 1-based

    @property
    def yacc_name(self) -> str:
        if self.kind == "end":
            return "$end"
        if self.kind == "op":
            return self.text          # Tempo 2.10 names operators by their text: "unexpected }"
        if self.kind == "string":
            return "STRING"
        if self.kind == "number":
            return "DURATION" if not self.text[-1].isdigit() else ("FLOAT" if "." in self.text else "INTEGER")
        return "IDENTIFIER"


@dataclass(frozen=True)
class Attribute:
    """An attribute reference: scope is resource, span, any or intrinsic."""
    scope: str
    name: str

    @property
    def shown_key(self) -> str | None:
        """The key Tempo uses for it in search results, or None if not shown."""
        if self.scope == "intrinsic":
            return None if self.name in _NOT_SHOWN else self.name
        return self.name


@dataclass(frozen=True)
class Literal:
    type: str      # string, int, float, duration, bool, status, kind
    value: object


@dataclass(frozen=True)
class Comparison:
    attribute: Attribute
    op: str
    literal: Literal


@dataclass(frozen=True)
class BoolOp:
    op: str        # "&&" or "||"
    left: object
    right: object


@dataclass
class Query:
    condition: object | None                     # None matches every span
    selected: list[Attribute] = field(default_factory=list)
    descends: bool = False                       # ``{ ancestor } >> { condition }``
    ancestor: object | None = None               # None matches every span
    orphans: bool = False                        # ``{ parent } !> { condition }``
    hints: dict[str, str] = field(default_factory=dict)   # ``with (most_recent=true)``

    def attributes(self) -> list[Attribute]:
        """Attributes the query mentions, in order, without repeats."""
        found: list[Attribute] = []
        _collect(self.condition, found)
        for attribute in self.selected:
            if attribute not in found:
                found.append(attribute)
        return found

    @property
    def shows_name(self) -> bool:
        return any(a.scope == "intrinsic" and a.name == "name" for a in self.attributes())


def _collect(node, found: list[Attribute]) -> None:
    if isinstance(node, Comparison) and node.attribute not in found:
        found.append(node.attribute)
    elif isinstance(node, BoolOp):
        _collect(node.left, found)
        _collect(node.right, found)


def tokenize(text: str) -> list[Token]:
    tokens, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == '"':
            i = _read_string(text, i, tokens)
        elif (op := next((o for o in _OPERATORS if text.startswith(o, i)), None)) is not None:
            tokens.append(Token("op", op, i + 1))
            i += len(op)
        elif (m := _NUMBER.match(text, i)) and (ch.isdigit() or ch == "-"):
            tokens.append(Token("number", m.group(0), i + 1))
            i = m.end()
        elif m := _IDENT.match(text, i):
            tokens.append(Token("ident", m.group(0), i + 1))
            i = m.end()
        else:
            raise ParseError(f"parse error at line 1, col {i + 1}: syntax error: unexpected character {ch!r}")
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def _read_string(text: str, start: int, tokens: list[Token]) -> int:
    i, out = start + 1, []
    while i < len(text) and text[i] != '"':
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        out.append(text[i])
        i += 1
    if i >= len(text):
        raise ParseError(f"parse error at line 1, col {start + 1}: literal not terminated")
    tokens.append(Token("string", "".join(out), start + 1))
    return i + 1


class _Parser:
    def __init__(self, text: str):
        self.tokens = tokenize(text)
        self.pos = 0

    def peek(self) -> Token:
        return self.tokens[self.pos]

    def take(self) -> Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def fail(self, token: Token):
        raise ParseError(f"parse error at line 1, col {token.col}: syntax error: unexpected {token.yacc_name}")

    def expect(self, text: str) -> Token:
        token = self.take()
        if token.kind != "op" or token.text != text:
            self.fail(token)
        return token

    def query(self) -> Query:
        condition = self.spanset()
        descends, orphans, ancestor = False, False, None
        if self._at(">>") or self._at("!>"):
            orphans = self.take().text == "!>"
            descends, ancestor, condition = not orphans, condition, self.spanset()
        selected: list[Attribute] = []
        while self._at("|"):
            self.take()
            selected += self.select()
        hints: dict[str, str] = {}
        if self.peek().kind == "ident" and self.peek().text == "with":
            self.take()
            self.expect("(")
            while True:
                key = self.take()
                if key.kind != "ident":
                    self.fail(key)
                self.expect("=")
                hints[key.text] = self.take().text
                if not self._at(","):
                    break
                self.take()
            self.expect(")")
        if self.peek().kind != "end":
            self.fail(self.peek())
        return Query(condition, selected, descends, ancestor, orphans, hints)

    def spanset(self):
        self.expect("{")
        condition = None if self._at("}") else self.or_expr()
        self.expect("}")
        return condition

    def _at(self, op: str) -> bool:
        token = self.peek()
        return token.kind == "op" and token.text == op

    def select(self) -> list[Attribute]:
        token = self.take()
        if token.kind != "ident" or token.text != "select":
            self.fail(token)
        self.expect("(")
        attributes = [self.attribute()]
        while self._at(","):
            self.take()
            attributes.append(self.attribute())
        self.expect(")")
        return attributes

    def or_expr(self):
        node = self.and_expr()
        while self._at("||"):
            self.take()
            node = BoolOp("||", node, self.and_expr())
        return node

    def and_expr(self):
        node = self.primary()
        while self._at("&&"):
            self.take()
            node = BoolOp("&&", node, self.primary())
        return node

    def primary(self):
        if self._at("("):
            self.take()
            node = self.or_expr()
            self.expect(")")
            return node
        attribute = self.attribute()
        token = self.take()
        if token.kind != "op" or token.text not in ("=", "!=", ">", ">=", "<", "<=", "=~", "!~"):
            self.fail(token)
        return Comparison(attribute, token.text, self.literal())

    def attribute(self) -> Attribute:
        token = self.take()
        if token.kind != "ident":
            self.fail(token)
        text = token.text
        if text in INTRINSICS:
            return Attribute("intrinsic", INTRINSICS[text])
        for prefix, scope in (("resource.", "resource"), ("span.", "span"), (".", "any")):
            if text.startswith(prefix) and len(text) > len(prefix):
                return Attribute(scope, text[len(prefix):])
        self.fail(token)

    def literal(self) -> Literal:
        token = self.take()
        if token.kind == "string":
            return Literal("string", token.text)
        if token.kind == "number":
            return _number_literal(token.text)
        if token.kind == "ident" and token.text in ("true", "false"):
            return Literal("bool", token.text == "true")
        if token.kind == "ident" and token.text in _STATUSES:
            return Literal("status", token.text)
        if token.kind == "ident" and token.text in _KINDS:
            return Literal("kind", token.text)
        self.fail(token)


def _number_literal(text: str) -> Literal:
    m = _NUMBER.fullmatch(text)
    unit = m.group(2)
    if unit:
        return Literal("duration", int(float(text[: -len(unit)]) * _DURATION_UNITS[unit]))
    if m.group(1):
        return Literal("float", float(text))
    return Literal("int", int(text))


def parse(text: str) -> Query:
    """Parse a query; raises ParseError with Tempo's wording."""
    return _Parser(text).query()


# ---- evaluation ---------------------------------------------------------------

_NUMERIC = {"int", "float", "duration"}


def _typed(value) -> tuple[str, object] | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "bool", value
    if isinstance(value, int):
        return "int", value
    if isinstance(value, float):
        return "float", value
    return "string", value


def compare(value: tuple[str, object] | None, op: str, literal: Literal) -> bool:
    """Tempo's typed comparison: mismatched types never match."""
    if value is None:
        return False
    vtype, v = value
    if vtype in _NUMERIC and literal.type in _NUMERIC:
        return _ordered(v, op, literal.value)
    if vtype != literal.type:
        return False
    if op in ("=~", "!~"):
        matched = re.fullmatch(str(literal.value), str(v)) is not None
        return matched if op == "=~" else not matched
    return _ordered(v, op, literal.value)


def _ordered(a, op: str, b) -> bool:
    try:
        return {"=": a == b, "!=": a != b, ">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[op]
    except (KeyError, TypeError):
        return False


def evaluate(node, lookup) -> bool:
    """Evaluate a condition tree; ``lookup(Attribute)`` returns (type, value) or None."""
    if node is None:
        return True
    if isinstance(node, BoolOp):
        if node.op == "&&":
            return evaluate(node.left, lookup) and evaluate(node.right, lookup)
        return evaluate(node.left, lookup) or evaluate(node.right, lookup)
    return compare(lookup(node.attribute), node.op, node.literal)


def scoped_value(attribute: Attribute, span_attrs: dict, resource_attrs: dict):
    """Typed value of a non-intrinsic attribute from span/resource attributes."""
    if attribute.scope == "span":
        return _typed(span_attrs.get(attribute.name))
    if attribute.scope == "resource":
        return _typed(resource_attrs.get(attribute.name))
    found = span_attrs.get(attribute.name)
    return _typed(found if found is not None else resource_attrs.get(attribute.name))


def parse_attribute(text: str) -> Attribute | None:
    """An attribute from a tag path such as ``resource.service.name`` or ``name``."""
    try:
        return _Parser(text).attribute()
    except ParseError:
        return None
