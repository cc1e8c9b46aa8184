"""Records: deckgen's frozen value classes, made as dataclasses that start faster.

Python's ``dataclass`` writes each method of a class as source and compiles it when the module
is imported: six methods a frozen class. For the 67 classes a build imports that was about a
tenth of a whole ``deckgen build`` and of every batch worker's start (measured with callgrind:
172 M of 1,813 M instructions of the build's imports). A record has Python write only its
``__init__``; equality, hash and repr are shared functions that read the fields through one
``attrgetter`` each, as fast as the generated ones.

Records are immutable for the type checker (``frozen_default``: mypy rejects assigning to a
field), not at run time: enforcing it there would make every ``__init__`` assign through a
Python ``__setattr__``. The public result types (``BuildResult``, ``Finding``, ...) stay
plain frozen dataclasses.
"""

import dataclasses
from collections.abc import Callable
from operator import attrgetter
from typing import Any, TypeVar, dataclass_transform, overload

T = TypeVar("T", bound=type)


@overload
def record(cls: T, /) -> T: ...


@overload
def record(*, eq: bool = True, slots: bool = False) -> Callable[[T], T]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def record(cls: Any = None, /, *, eq: bool = True, slots: bool = False) -> Any:
    """A frozen dataclass, compared and hashed by its fields unless ``eq=False`` (then by
    identity, as a dataclass would be)."""

    def make(cls: Any) -> Any:
        made = dataclasses.dataclass(cls, repr=False, eq=False, slots=slots)
        _share_methods(made, eq)
        return made

    return make if cls is None else make(cls)


def _share_methods(cls: Any, eq: bool) -> None:
    fields = dataclasses.fields(cls)
    names = [f.name for f in fields if f.repr]
    shown = _values(names)

    def __repr__(self: Any) -> str:
        pairs = ", ".join(f"{n}={v!r}" for n, v in zip(names, shown(self), strict=True))
        return f"{type(self).__qualname__}({pairs})"

    methods: dict[str, Any] = {"__repr__": __repr__}
    if eq:
        compared = _values([f.name for f in fields if f.compare])
        hashed = _values([f.name for f in fields if (f.compare if f.hash is None else f.hash)])

        def __eq__(self: Any, other: Any) -> Any:
            if other.__class__ is self.__class__:
                return compared(self) == compared(other)
            return NotImplemented

        def __hash__(self: Any) -> int:
            return hash(hashed(self))

        methods |= {"__eq__": __eq__, "__hash__": __hash__}
    for name, method in methods.items():
        if cls.__dict__.get(name) is None:  # a class's own method stays, as in a dataclass
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)


def _values(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the named attributes as a tuple (attrgetter gives a bare value for
    one name)."""
    if len(names) >= 2:
        return attrgetter(*names)
    if names:
        one = attrgetter(names[0])
        return lambda item: (one(item),)
    return lambda item: ()
