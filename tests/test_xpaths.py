"""python-pptx's XPath look-ups, compiled once (deckgen.ooxml.xpaths), find what python-pptx
finds without them."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.oxml.xmlchemy import BaseOxmlElement

from deckgen.api import build_deck
from deckgen.cache import LRU
from deckgen.ooxml import xpaths

#: What python-pptx asks of every shape, and a few it asks of charts, slides and parts.
EXPRESSIONS = (
    "./*[1]/p:nvPr/p:ph",
    "./*[1]",
    "//@id",
    "//p:cNvPr/@name",
    "./p:sldId/@id",
    "//@r:id",
    "./c:ser",
    './/a:t[text()="x"]',
)


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    return build_deck(None, output=tmp_path_factory.mktemp("xp") / "deck.pptx").output


def _elements(path: Path) -> list[BaseOxmlElement]:
    prs = Presentation(str(path))
    found = []
    for slide in prs.slides:
        found.append(slide.part._element)
        found.extend(slide.shapes._spTree.iter())
    return [el for el in found if isinstance(el, BaseOxmlElement)]


#: In a fresh interpreter: what importing deckgen's XML modules installs, then what opening a
#: presentation (as every command that reads one does) installs.
INSTALLED = """\
import sys
import deckgen.ooxml.xml
print("pptx" in sys.modules)
from deckgen.ooxml import open_presentation, xpaths
from deckgen.resources import shipped_template
from pptx.oxml.xmlchemy import BaseOxmlElement
prs = open_presentation("t", shipped_template().read_bytes(), ValueError)
print(BaseOxmlElement.xpath is xpaths._xpath)
"""


def test_the_compiled_look_up_is_installed_when_deckgen_opens_a_presentation(deck: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", INSTALLED], capture_output=True, text=True, timeout=120
    )
    assert done.stdout.split() == ["False", "True"], done.stderr
    assert BaseOxmlElement.xpath is xpaths._xpath  # this process: the build fixture opened one


def test_compiled_look_ups_find_what_python_pptx_finds(deck: Path) -> None:
    elements = _elements(deck)
    assert len(elements) > 500
    compared = 0
    for element in elements:
        for expression in EXPRESSIONS:
            ours = element.xpath(expression)
            theirs = xpaths._uncompiled(element, expression)
            assert ours == theirs, (element.tag, expression)
            assert [type(v) for v in ours] == [type(v) for v in theirs]
            compared += bool(theirs)
    assert compared > 500  # most expressions found something, not only empty lists
    shapes = Presentation(str(deck)).slides[1].shapes
    assert any(shape.is_placeholder for shape in shapes)  # python-pptx's own callers


def test_the_store_keeps_the_expressions_in_use(deck, monkeypatch) -> None:
    """Expressions built from values come and go; the constant ones stay compiled."""
    monkeypatch.setattr(xpaths, "_compiled", LRU(3))
    element = _elements(deck)[0]
    for n in range(10):
        assert element.xpath("./*[1]") == xpaths._uncompiled(element, "./*[1]")
        expression = f"count(.//*) + {n}"
        assert element.xpath(expression) == xpaths._uncompiled(element, expression)
        assert element.xpath("string(@name)") == xpaths._uncompiled(element, "string(@name)")
    assert len(xpaths._compiled) == 3
    assert "./*[1]" in xpaths._compiled and "string(@name)" in xpaths._compiled


def test_python_pptx_still_looks_up_as_this_module_expects() -> None:
    """The replaced method's signature, and the namespaces it evaluates with: a python-pptx
    that changed either fails here rather than in a deck."""
    import inspect

    from pptx.oxml.ns import _nsmap

    assert list(inspect.signature(xpaths._uncompiled).parameters) == ["self", "xpath_str"]
    assert "namespaces=_nsmap" in inspect.getsource(xpaths._uncompiled)
    assert {"a", "p", "c", "r"} <= set(_nsmap)
    import importlib

    importlib.reload(xpaths)  # again: the original is kept, not the wrapper
    assert xpaths._uncompiled is not xpaths._xpath
    xpaths.use_compiled_xpaths()
    assert BaseOxmlElement.xpath is xpaths._xpath


def test_a_broken_expression_raises_python_pptx_s_error(deck: Path) -> None:
    element = _elements(deck)[0]
    with pytest.raises(etree.XPathEvalError):
        xpaths._uncompiled(element, "./p:sp[")
    with pytest.raises(etree.XPathEvalError):
        element.xpath("./p:sp[")


def test_threads_sharing_one_compiled_look_up_each_find_their_own(deck: Path) -> None:
    elements = _elements(deck)
    expected = [xpaths._uncompiled(el, "./*[1]/p:nvPr/p:ph") for el in elements]
    wrong: list[int] = []

    def look() -> None:
        for _ in range(20):
            for n, el in enumerate(elements):
                if el.xpath("./*[1]/p:nvPr/p:ph") != expected[n]:
                    wrong.append(n)

    threads = [threading.Thread(target=look) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


def test_deckgen_names_tags_as_python_pptx_does() -> None:
    """``ooxml.xml.qn`` names the common prefixes itself (importing python-pptx's would import
    all of python-pptx) and must give python-pptx's names."""
    from pptx.oxml.ns import _nsmap
    from pptx.oxml.ns import qn as pptx_qn

    from deckgen.ooxml.xml import NAMESPACES, qn

    assert {prefix: _nsmap[prefix] for prefix in NAMESPACES} == NAMESPACES
    for tag in ("a:t", "p:sp", "c:chart", "r:id", "dc:title", "cp:revision", "pic:pic"):
        assert qn(tag) == pptx_qn(tag)


def test_python_pptx_names_tags_through_the_kept_names(deck: Path) -> None:
    """Once deckgen opened a presentation, every python-pptx module that names tags with
    ``qn`` names them through the kept function, which gives python-pptx's names and
    refusals."""
    import sys

    from pptx.oxml import ns

    users = [m for n, m in list(sys.modules.items()) if n.startswith("pptx") and hasattr(m, "qn")]
    assert len(users) >= 10
    assert all(m.qn is xpaths._kept_qn for m in users)
    for tag in ("p:cSld", "a:t", "c:ser", "r:id", "dcterms:created", "pic:blipFill"):
        assert (
            xpaths._kept_qn(tag)
            == ns._pptx_qn(tag)
            == f"{{{ns._nsmap[tag.split(':')[0]]}}}{tag.split(':')[1]}"
        )
    for bad in ("zz:tag", "p"):
        with pytest.raises((KeyError, ValueError)) as theirs:
            ns._pptx_qn(bad)
        with pytest.raises(theirs.type):
            xpaths._kept_qn(bad)
