"""Reading a form's YAML without a round-trip tree: plain data from the C parser, and the
line and column of any value, found only when a message needs one.

Most commands only read a form (check, render): they need its values and, for the
findings they show, where a value is. The round-trip tree (`ruamel.yaml`'s pure-Python
parser, keeping comments and layout) costs several times more to build and keep, and is
built only for the commands that edit a form.

`plain_data` gives the same values as the round-trip tree (after `plain`), with libyaml
(ruamel.yaml.clib) behind ruamel's own resolver; text it cannot vouch for — an explicit
`!tag`, or anything the C parser rejects — is left to the round-trip parser, whose result
and error messages are the reference. `Positions` composes the text again with the C
parser (nodes only, no values; the pure-Python one for text libyaml rejects) the first
time a location is asked for, and answers as the round-trip tree's line/column records do.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from drafter.form.unsafe_chars import strip_unsafe

Loc = tuple[str | int, ...]

_NULL_TAG = "tag:yaml.org,2002:null"


def plain_data(text: str) -> tuple[bool, Any]:
    """(True, plain data) when the C parser reads `text` as the round-trip parser would,
    else (False, None): the caller then parses it round trip (and reports its errors)."""
    if "!" in text:      # explicit tags: the round-trip tree keeps them as tagged values
        return False, None
    try:
        return True, plain(YAML(typ="safe").load(text))
    except Exception:  # noqa: BLE001 - the round-trip parser gives the reference error
        return False, None


def plain(node: Any) -> Any:
    """Round-trip or safe-loaded values to plain dicts/lists/scalars (keys as str unless
    numbers or complex, strings as str, dates stay dates)."""
    from drafter.form.roundtrip import KeptNull

    if isinstance(node, KeptNull):
        return None
    if isinstance(node, dict):
        # a complex key (`? [a, b]`, a tuple) stays one, for the limits to refuse
        return {k if isinstance(k, (int, float, tuple)) else str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    return node


class Positions:
    """1-based line and column of the values of a YAML text, from its node tree (built on
    first use). Answers as `locate`/`key_location` on the round-trip tree do."""

    def __init__(self, text: str):
        self.text = text
        self._root: Node | None = None
        self._built = False
        self._keys: dict[int, dict[Any, tuple[Node, Node]]] = {}

    def _tree(self) -> Node | None:
        if not self._built:
            self._built = True
            for pure in (False, True):   # the pure parser reads what the round-trip tree was read with
                try:
                    self._root = YAML(typ="safe", pure=pure).compose(self.text)
                    break
                except Exception:  # noqa: BLE001 - unreadable text has no positions (its error says where)
                    self._root = None
        return self._root

    def locate(self, loc: Loc, *, at_key: bool = False) -> tuple[int, int]:
        """Where the deepest node of `loc` that exists is: a scalar at its value, a
        collection at its first line, a null value or (`at_key`) any value at its key."""
        line, col = 1, 1
        node = self._tree()
        for key in loc:
            found = self._child(node, key)
            if found is None:
                break
            key_node, child = found
            if key_node is not None and (at_key or _is_null(child)):
                mark = key_node.start_mark
            else:
                mark = child.start_mark
            line, col = mark.line + 1, mark.column + 1
            node = child
        return line, col

    def key_location(self, loc: Loc) -> tuple[int, int]:
        """Where the key of the last element of `loc` is (for unknown-key errors)."""
        node = self._tree()
        for key in loc[:-1]:
            found = self._child(node, key)
            if found is None:
                return self.locate(loc)
            node = found[1]
        if loc and isinstance(node, MappingNode):
            found = self._child(node, loc[-1])
            if found is not None:
                mark = found[0].start_mark
                return mark.line + 1, mark.column + 1
        return self.locate(loc)

    def _child(self, node: Node | None, key: str | int) -> tuple[Node | None, Node] | None:
        """(key node, value node) of `key` in a mapping, (None, item) of index `key` in a
        sequence; None when there is no such element (a form with a repeated key is
        refused before anything is located)."""
        if isinstance(node, MappingNode):
            keys = self._keys.get(id(node))
            if keys is None:
                keys = self._keys[id(node)] = {}
                pairs = [(_key_value(key_node), key_node, value_node) for key_node, value_node in node.value]
                for value, key_node, value_node in pairs:
                    keys.setdefault((isinstance(value, bool), value), (key_node, value_node))
                for value, key_node, value_node in pairs:   # the report saw keys without invisible characters
                    if isinstance(value, str):
                        keys.setdefault((False, strip_unsafe(value)), (key_node, value_node))
            return keys.get((isinstance(key, bool), key))
        if isinstance(node, SequenceNode) and isinstance(key, int) and not isinstance(key, bool) \
                and 0 <= key < len(node.value):
            return None, node.value[key]
        return None


def _is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == _NULL_TAG


def _key_value(node: Node) -> Any:
    """The key a mapping's key node stands for, as `plain` writes keys."""
    if not isinstance(node, ScalarNode):
        return None
    value = _SCALARS.construct_object(node)
    if value is None:            # a null key: the round-trip tree has None, not the text "None"
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value if isinstance(value, bool) else str(value)
    return value


class _ScalarConstructor:
    """Constructs single key scalars with ruamel's safe constructor."""

    def __init__(self) -> None:
        self._constructor = None

    def construct_object(self, node: ScalarNode) -> Any:
        if self._constructor is None:
            from ruamel.yaml.constructor import SafeConstructor

            self._constructor = SafeConstructor()
        try:
            return self._constructor.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - an odd key is simply not the one looked for
            return node.value


_SCALARS = _ScalarConstructor()
