"""PyYAML imported without compiling its slow pattern (issue 11: start-up): the pattern put in
its place must match exactly the same characters, and PyYAML must be using it."""

import re
import subprocess
import sys

from deckgen.yamllib import NON_PRINTABLE, PYYAML_NON_PRINTABLE


def test_the_cheap_pattern_matches_the_same_code_points_as_pyyamls():
    ours, theirs = re.compile(NON_PRINTABLE), re.compile(PYYAML_NON_PRINTABLE)
    everything = "".join(map(chr, range(sys.maxunicode + 1)))
    assert ours.findall(everything) == theirs.findall(everything)
    # C0 but tab, LF and CR; DEL and C1 but NEL; the 2,048 surrogates; FFFE and FFFF.
    assert len(ours.findall(everything)) == 29 + 32 + 2048 + 2


def test_the_pattern_is_pyyamls_own_text():
    import yaml.reader

    source = open(yaml.reader.__file__, encoding="utf-8").read()  # noqa: SIM115
    written = re.search(r"NON_PRINTABLE = re\.compile\('([^']*)'\)", source)
    assert written is not None
    assert written.group(1).encode().decode("unicode_escape") == PYYAML_NON_PRINTABLE


def test_pyyaml_reads_with_the_cheap_pattern_and_still_refuses_what_yaml_excludes():
    script = (
        "import deckgen.yamllib as y, yaml\n"
        "print(yaml.reader.Reader.NON_PRINTABLE.pattern == y.NON_PRINTABLE)\n"
        "try:\n"
        "    yaml.load('a: \\x07', Loader=yaml.SafeLoader)\n"
        "except yaml.reader.ReaderError as err:\n"
        "    print('refused', hex(err.character))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["True", "refused", "0x7"]
