"""The batch package split by layer answers to every name the single module had."""

from __future__ import annotations

import importlib
import pkgutil

import deckgen.batch


def test_the_batch_package_answers_to_every_public_name_of_its_modules():
    for info in pkgutil.iter_modules(deckgen.batch.__path__):
        module = importlib.import_module(f"deckgen.batch.{info.name}")
        for name, value in vars(module).items():
            if getattr(value, "__module__", None) == module.__name__ and not name.startswith("_"):
                assert getattr(deckgen.batch, name, None) is value, f"deckgen.batch.{name}"
                assert name in deckgen.batch.__all__, f"deckgen.batch.__all__ lacks {name}"


def test_the_worker_processes_preload_a_module_that_exists():
    from deckgen.batch import processes

    for name in processes.PRELOAD:
        importlib.import_module(name)


def test_dir_lists_the_names_before_they_are_imported():
    assert set(deckgen.batch.__all__) <= set(dir(deckgen.batch))
    assert {"build_deck", "build_batch", "__version__"} <= set(dir(deckgen))
