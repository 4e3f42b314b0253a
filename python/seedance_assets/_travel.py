"""Models travel between processes and copies (Celery, RQ, ``copy.deepcopy``) by the same path a
web backend uses to store them: ``cls.from_dict(model.to_dict(json=True))``. Registered with
``copyreg``, which both ``pickle`` and ``copy`` consult, so the native classes need no methods
of their own for it."""

from __future__ import annotations

import copyreg
from typing import Any, Callable


def _restore(cls: Any, data: dict[str, Any]) -> Any:
    return cls.from_dict(data)


def _reduce(model: Any) -> tuple[Callable[..., Any], tuple[Any, dict[str, Any]]]:
    return _restore, (type(model), model.to_dict(json=True))


def register(*classes: type) -> None:
    """Makes instances of ``classes`` pickle and copy through their dict form."""
    for cls in classes:
        copyreg.pickle(cls, _reduce)
