"""Errors the library raises. Each message names the value, the cause and what to do next."""

from __future__ import annotations


class NewsfuseError(Exception):
    """Base class: the CLI prints the message as one line and exits 1; the API answers 4xx."""

    code = "newsfuse_error"


class InputError(NewsfuseError):
    """An input cannot be read or parsed (empty, binary, undecodable, malformed)."""

    code = "bad_input"


class FetchError(NewsfuseError):
    """A URL could not be fetched, or fetching it was refused (private address, size, type)."""

    code = "fetch_failed"


class ModelError(NewsfuseError):
    """A packaged model is missing or its weights do not match the pinned hash."""

    code = "model_error"


class StoreError(NewsfuseError):
    """The store cannot be opened, migrated or written."""

    code = "store_error"


class NotFoundError(NewsfuseError):
    """A requested article or story does not exist."""

    code = "not_found"


class JudgeError(NewsfuseError):
    """A configured verifier endpoint cannot be used as configured (address, model, API key)."""

    code = "verifier_error"


class JudgeUnavailable(JudgeError):
    """A verifier endpoint gave no usable answer this time (timeout, server error, an answer
    that is not the JSON asked for). The finding keeps the rules' verdict."""

    code = "verifier_unavailable"
