"""PyYAML as deckgen imports it: without compiling a pattern that takes longer than the rest.

PyYAML's reader compiles, when its module is imported, the pattern of the characters a YAML
file may not hold, written as everything outside the printable ranges of all of Unicode. That
one ``re.compile`` takes about 25 ms (57 M instructions), a twentieth of ``deckgen validate``;
upstream knows (yaml/pyyaml pull requests 124 and 301, open since 2018). The same set written
the other way round, as the few characters YAML excludes, compiles in microseconds. So before
PyYAML is imported, Python's pattern cache is given that pattern under PyYAML's, and the
reader's ``re.compile`` finds it there. A test checks that the two match exactly the same code
points. Where the cache is not the one this expects (another Python), nothing is given and
PyYAML compiles its own.

deckgen parses YAML with libyaml where it is installed, which checks the characters itself.
"""

import re
import sys

#: PyYAML's pattern (yaml/reader.py, ``Reader.NON_PRINTABLE``), character for character.
PYYAML_NON_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"

#: The same characters: those the printable ranges above leave out.
NON_PRINTABLE = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"


def _give_the_cache_the_cheap_pattern() -> None:
    cache = getattr(re, "_cache", None)
    if "yaml.reader" in sys.modules or not isinstance(cache, dict):
        return
    cache.setdefault((str, PYYAML_NON_PRINTABLE, 0), re.compile(NON_PRINTABLE))


_give_the_cache_the_cheap_pattern()

import yaml  # noqa: E402 (after the cache is given the pattern)

__all__ = ["yaml"]
