"""Warnings recorded per thread, without touching the process-wide filters.

``warnings.catch_warnings`` swaps process-wide state before Python 3.14: used in a
background thread (a search running behind a widget) it can swallow a warning that another
cell raises meanwhile. :func:`record_warnings` instead routes the warnings *shown in one
thread* to a record, through one ``warnings.showwarning`` dispatcher installed once; every
other warning reaches the handler that was there before.
"""

from __future__ import annotations

import sys
import threading
import warnings

__all__ = ["WarningRecord", "describe_warning", "install_warning_dispatcher", "record_warnings"]

_routes: dict[int, list] = {}  # thread id -> the record of the run in that thread
_replaced = None  # the showwarning the dispatcher replaced
_install_lock = threading.Lock()
_inside = threading.local()


def _dispatch(message, category, filename, lineno, file=None, line=None):
    record = _routes.get(threading.get_ident())
    if record is not None:
        record.append(warnings.WarningMessage(message, category, filename, lineno, file, line))
        return
    if getattr(_inside, "active", False):  # a handler that calls back into this one
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))
        return
    _inside.active = True
    try:
        (_replaced or warnings.showwarning)(message, category, filename, lineno, file, line)
    finally:
        _inside.active = False


def install_warning_dispatcher():
    """Make ``warnings.showwarning`` the dispatcher of recorded threads (idempotent).

    A warning raised in a thread inside a :class:`WarningRecord` block (a background run of
    :mod:`hptlearn.state`, say) goes to that record; any other warning goes to the handler
    that was there before. Installed
    again by each run if something (``warnings.catch_warnings``, say) put another back.
    """
    global _replaced
    with _install_lock:
        if warnings.showwarning is not _dispatch:
            _replaced = warnings.showwarning
            warnings.showwarning = _dispatch


class WarningRecord:
    """Route the warnings shown in this thread, while in the block, to ``self.warnings``.

    A context manager, and what :func:`record_warnings` returns. Unlike
    ``warnings.catch_warnings`` it changes no process-wide state but ``warnings.showwarning``
    (once, by :func:`install_warning_dispatcher`): a warning raised in another thread
    meanwhile is not recorded here and reaches its usual handler, and the filters are left
    alone. So the record holds what the filters let through: Python's default filters show
    a given warning once per place in the code (scikit-learn's input checks reset that
    memory on every fit, so each fit's warnings are shown again); a warning the filters
    ignore is not recorded, and one they turn into an error is raised.

    Records nest: the inner one holds the warnings of its block, the outer one the rest.

    Examples
    --------
    >>> import warnings
    >>> with record_warnings() as record:
    ...     warnings.warn("not printed", UserWarning)
    >>> record.texts()
    ['UserWarning: not printed']
    """

    def __init__(self):
        self.warnings: list[warnings.WarningMessage] = []

    def __enter__(self):
        install_warning_dispatcher()
        self._ident = threading.get_ident()
        self._previous = _routes.get(self._ident)
        _routes[self._ident] = self.warnings
        return self

    def __exit__(self, *exc):
        if self._previous is None:
            _routes.pop(self._ident, None)
        else:
            _routes[self._ident] = self._previous
        return False

    def of(self, category: type[Warning]) -> list[warnings.WarningMessage]:
        """The recorded warnings of ``category`` (or of its subclasses)."""
        return [w for w in self.warnings if issubclass(w.category, category)]

    def texts(self) -> list[str]:
        """The recorded warnings as ``"Category: message"``."""
        return [describe_warning(w) for w in self.warnings]


def record_warnings() -> WarningRecord:
    """A :class:`WarningRecord`: ``with record_warnings() as record:`` keeps the warnings
    raised in this thread inside the block, and only those, in ``record.warnings``."""
    return WarningRecord()


def describe_warning(w: warnings.WarningMessage) -> str:
    """``"Category: message"``, on one line per line of the message."""
    return f"{w.category.__name__}: {str(w.message).strip()}"
