"""Errors that carry a one-line, user-facing reason.

An :class:`InputError` means "this piece of input cannot be used"; the runner turns it into a
stored :class:`~vigie.model.Reject` and goes on with the rest of the run.
"""


class VigieError(Exception):
    """Base class: the message is written for the user and says what to do."""


class InputError(VigieError):
    """A file or record that cannot be read; the message is the reject reason."""


class MissingExtraError(VigieError):
    """An optional component is not installed."""

    def __init__(self, module: str, extra: str):
        super().__init__(f"{module} is not installed: pip install 'vigie[{extra}]'")
