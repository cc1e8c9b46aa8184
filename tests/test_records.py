"""Records (issue 11: start-up): frozen dataclasses whose equality, hash and repr are shared
functions. They must behave as the dataclass they replace: same repr, equal and hashed by the
same fields, still dataclasses for ``fields``, ``replace`` and pickling."""

import dataclasses
import pickle
from dataclasses import field

import pytest

from deckgen.records import record


@record
class Pair:
    left: int
    right: str = "r"
    note: list[int] = field(default_factory=list, compare=False)
    hidden: int = field(default=0, repr=False)


@dataclasses.dataclass(frozen=True)
class PairAsDataclass:
    left: int
    right: str = "r"
    note: list[int] = field(default_factory=list, compare=False)
    hidden: int = field(default=0, repr=False)


@record(slots=True)
class Slotted:
    one: tuple[int, ...]


@record(eq=False)
class Handle:
    name: str


@record
class Empty:
    pass


@record
class Named:
    name: str

    def __repr__(self) -> str:
        return f"<{self.name}>"


def test_a_record_reads_as_its_dataclass_would():
    made = Pair(1, "a", [2], hidden=5)
    twin = PairAsDataclass(1, "a", [2], hidden=5)
    assert repr(made) == repr(twin).replace("PairAsDataclass", "Pair")
    assert str(made) == repr(made)


def test_records_are_equal_and_hashed_by_their_compared_fields():
    assert Pair(1, "a", [1]) == Pair(1, "a", [2])  # note is not compared
    assert hash(Pair(1, "a", [1])) == hash(Pair(1, "a", [2]))
    assert hash(Pair(1, "a")) == hash(PairAsDataclass(1, "a"))  # hash((1, "a", 0)) as before
    assert Pair(1, "a") != Pair(2, "a")
    assert Pair(1, "a") != Pair(1, "b")
    assert Pair(1, "a", hidden=1) != Pair(1, "a", hidden=2)  # not shown, still compared
    assert len({Pair(1), Pair(1), Pair(2)}) == 2


def test_a_record_is_never_equal_to_another_class_with_the_same_values():
    assert Pair(1, "a") != PairAsDataclass(1, "a")
    assert Pair(1, "a").__eq__(PairAsDataclass(1, "a")) is NotImplemented


def test_one_field_and_no_field_records_compare_and_hash():
    assert Slotted((1, 2)) == Slotted((1, 2))
    assert hash(Slotted((1, 2))) == hash(((1, 2),))
    assert Slotted((1,)) != Slotted((2,))
    assert Empty() == Empty()
    assert hash(Empty()) == hash(())
    assert repr(Empty()) == "Empty()"


def test_a_record_without_equality_is_compared_by_identity():
    first = Handle("x")
    assert first == first
    assert first != Handle("x")
    assert hash(first) == object.__hash__(first)


def test_records_stay_dataclasses():
    made = Pair(1, "a")
    assert dataclasses.is_dataclass(made)
    assert [f.name for f in dataclasses.fields(made)] == ["left", "right", "note", "hidden"]
    assert dataclasses.replace(made, left=2) == Pair(2, "a")
    assert dataclasses.astuple(Slotted((3,))) == ((3,),)


@pytest.mark.parametrize("value", [Pair(1, "a", [3], 4), Slotted((1, 2)), Empty()])
def test_records_pickle(value: object):
    assert pickle.loads(pickle.dumps(value)) == value


def test_a_slotted_record_has_no_instance_dictionary():
    assert not hasattr(Slotted((1,)), "__dict__")


def test_a_records_own_method_is_kept():
    assert repr(Named("x")) == "<x>"
    assert Named("x") == Named("x")
