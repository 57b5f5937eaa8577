"""The paths given, walked: every regular file found, and a reject for every other path.

Nothing met on the way is passed over in silence (hidden files and folders excepted, as
always): a folder that cannot be searched, a symbolic link that loops or leads nowhere, a FIFO
or a device, a file that disappears before it is read, each becomes a reject with its reason
and the walk goes on with the rest. A FIFO or a device is never opened (reading one blocks or
never ends). Symbolic links to folders are followed once; a link back to a folder being walked
is reported as a loop instead of being walked forever.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from vigie.model import Reject, Severity

#: What a path that is neither a file nor a folder is, for the reject reason.
_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)

DISAPPEARED = "disappeared before it could be read (deleted or moved during the run?)"


def shown(path: str | os.PathLike) -> str:
    """A path as text that is always valid Unicode: bytes of a name that are not UTF-8 are
    written as backslash escapes (``\\xff``), as a terminal would show them."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def kind_of(mode: int) -> str:
    for test, what in _KINDS:
        if test(mode):
            return what
    return "not a file or a folder"


def walk(paths: list[str | os.PathLike]) -> Iterator[tuple[Path, os.stat_result] | Reject]:
    """Yield (path, its stat) for every regular file under ``paths``, a Reject for the rest.

    Folders are read in name order, one at a time: memory holds one folder's listing.
    """
    seen: dict[tuple[int, int], str] = {}  # folders read in this walk, and as what
    for raw in paths:
        path = Path(os.fsdecode(raw)) if isinstance(raw, bytes) else Path(raw)
        yield from _visit(path, seen, {}, given=True)


def _visit(path: Path, seen: dict, walking: dict, given: bool = False):
    name = shown(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        yield Reject(name, "", "no such file or directory" if given else DISAPPEARED)
        return
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in a path given to the API
        yield Reject(name, "", f"cannot look at it: {getattr(exc, 'strerror', None) or exc}")
        return
    if stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(path)
        except OSError as exc:
            yield Reject(name, "", _broken_link(path, exc))
            return
    if stat.S_ISDIR(info.st_mode):
        yield from _folder(path, info, seen, walking)
    elif stat.S_ISREG(info.st_mode):
        yield path, info
    else:
        yield Reject(name, "", f"not a regular file ({kind_of(info.st_mode)})")


def _broken_link(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop"
    if exc.errno == errno.ENOENT:
        try:
            return f"dangling symbolic link to {shown(os.readlink(path))}"
        except OSError:
            return "dangling symbolic link"
    return f"cannot follow symbolic link: {exc.strerror or exc}"


def _folder(path: Path, info: os.stat_result, seen: dict, walking: dict):
    name = shown(path)
    key = (info.st_dev, info.st_ino)
    if key in walking:
        yield Reject(name, "", f"symbolic link loop: leads back to {walking[key]}")
        return
    if key in seen:
        yield Reject(name, "", f"already read as {seen[key]}", Severity.SKIPPED)
        return
    seen[key] = walking[key] = name
    try:
        with os.scandir(path) as listing:
            entries = sorted((entry.name, entry.path) for entry in listing if not entry.name.startswith("."))
    except FileNotFoundError:
        yield Reject(name, "", DISAPPEARED)
        entries = []
    except OSError as exc:
        yield Reject(name, "", f"cannot search folder: {exc.strerror or exc}; its files are not read")
        entries = []
    for _name, child in entries:
        yield from _visit(Path(child), seen, walking)
    del walking[key]
