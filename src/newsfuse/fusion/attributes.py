"""spaCy's attribute ruler (coarse tags, morphology and some lemmas from fine tags, words and
dependencies) applied by table lookup instead of its Matcher: the same annotations, at a
fraction of the cost.

Fusion parses statements with the attribute ruler on (its rules read ``pos_`` and the
lemmatizer needs it), and the ruler's Matcher tried all 179 patterns of en_core_web_sm at each
token: a quarter of fusion's parsing time. The patterns are single tokens (or two) tested on
TAG, LOWER, DEP and IS_SPACE, so each token's patterns are found by the tag, word, dependency
or space they need; the matches are applied in the ruler's own order (a later pattern wins)
through spaCy's own setter.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from newsfuse.errors import NewsfuseError

# What a pattern token may test, and where ``_values`` puts it.
_FIELDS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}

Values = tuple[str, str, str, bool]
Test = Callable[[Values], bool]


class Unsupported(NewsfuseError):
    """A pattern uses an attribute or operator the lookup does not implement: apply the
    pipeline's own attribute ruler instead (``CachedParser`` does so by itself)."""


def _test(field: int, wanted: Any) -> Test:
    if not isinstance(wanted, dict):
        return lambda v: v[field] == wanted
    if len(wanted) != 1:
        raise Unsupported(f"pattern value {wanted}: one operator per attribute is read")
    ((op, arg),) = wanted.items()
    if op == "IN":
        allowed = frozenset(arg)
        return lambda v: v[field] in allowed
    if op == "NOT_IN":
        banned = frozenset(arg)
        return lambda v: v[field] not in banned
    if op == "REGEX":
        search = re.compile(arg).search
        return lambda v: search(v[field]) is not None
    raise Unsupported(f"operator {op}: only IN, NOT_IN and REGEX are read")


def _token_test(spec: dict[str, Any]) -> Test:
    """One test for all of a pattern token's conditions."""
    if not spec or any(key not in _FIELDS for key in spec):
        raise Unsupported(f"pattern token {spec}: only TAG, LOWER, DEP and IS_SPACE are read")
    tests = [_test(_FIELDS[key], wanted) for key, wanted in spec.items()]
    if len(tests) == 1:
        return tests[0]
    return lambda v: all(test(v) for test in tests)


def _keys(spec: dict[str, Any]) -> tuple[int, tuple[Any, ...]] | None:
    """A field and the values a token must have in it for ``spec`` to match, or None when
    the spec fixes no field to a value or a list of values."""
    for name, field in _FIELDS.items():
        wanted = spec.get(name)
        if isinstance(wanted, str | bool):
            return field, (wanted,)
        if isinstance(wanted, dict) and list(wanted) == ["IN"]:
            return field, tuple(wanted["IN"])
    return None


Entry = tuple[int, tuple[Test, ...], int]  # pattern key, a test per token, token to annotate


class LookupAttributeRuler:
    """Applies a spaCy ``AttributeRuler``'s patterns to a parsed Doc, as the ruler would.

    Raises:
        Unsupported: a pattern tests something other than TAG, LOWER, DEP or IS_SPACE, or
            uses an operator other than IN, NOT_IN or REGEX (then use the ruler itself).
    """

    def __init__(self, ruler: Any) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        self._set = set_token_attrs
        self._attrs = list(ruler.attrs)
        # Patterns by a value their first token needs (tag, word, dependency or space); the
        # rest are tried at every token.
        self._indexed: list[dict[Any, list[Entry]]] = [{} for _ in _FIELDS]
        self._anywhere: list[Entry] = []
        for key, pattern in enumerate(ruler.patterns):
            for tokens in pattern["patterns"]:
                tests = tuple(_token_test(spec) for spec in tokens)
                entry = (key, tests, pattern["index"] % len(tests))
                found = _keys(tokens[0])
                if found is None:
                    self._anywhere.append(entry)
                    continue
                for value in found[1]:
                    self._indexed[found[0]].setdefault(value, []).append(entry)

    def __call__(self, doc: Any) -> Any:
        values: list[Values] = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]
        hits: set[tuple[int, int]] = set()
        for k, v in enumerate(values):
            candidates = list(self._anywhere)
            for field, table in enumerate(self._indexed):
                candidates += table.get(v[field], ())
            for key, tests, index in candidates:
                if tests[0](v) and _rest_match(tests, values, k):
                    hits.add((key, k + index))
        for key, k in sorted(hits):  # the ruler's order: a later pattern overrides
            self._set(doc[k], self._attrs[key])
        return doc


def _rest_match(tests: tuple[Test, ...], values: list[Values], k: int) -> bool:
    """Whether the tokens after ``k`` pass the pattern's other token tests."""
    if len(tests) == 1:
        return True
    window = values[k + 1 : k + len(tests)]
    return len(window) == len(tests) - 1 and all(
        test(w) for test, w in zip(tests[1:], window, strict=True)
    )
