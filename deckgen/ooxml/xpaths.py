"""python-pptx's XPath expressions, compiled once per process instead of on every call.

python-pptx evaluates its look-ups with ``element.xpath(expression)``, which parses the
expression again each time. Two constant ones run on every shape a slide's shape tree hands
out (``./*[1]/p:nvPr/p:ph``: is it a placeholder; ``./*[1]``: its properties): about 2,400
calls a build and 1,500 a check, at 17 us each, a tenth of a warm ``deckgen build`` above
the import floor. A compiled ``etree.XPath`` of the same expression, with the same namespaces,
gives the same result in a tenth of the time; lxml serialises calls to one from several
threads. The python-pptx issue tracker knows the cost (scanny/python-pptx#478,
python-openxml/python-docx#342).

The compiled expressions are kept in a bounded least-recently-used store: the few python-pptx
builds from values (a data point's index) come and go, the constant ones stay.

python-pptx names each tag it looks for through ``qn("p:cSld")``, which builds a prefixed-tag
object every time: about 3,500 calls a check, at 2.4 us each. The same names are kept (a
bounded cache of a pure function) in every python-pptx module that uses ``qn``.
"""

from __future__ import annotations

import functools
import sys
from typing import Any

from lxml import etree
from pptx.oxml import ns
from pptx.oxml.ns import _nsmap
from pptx.oxml.xmlchemy import BaseOxmlElement

from ..cache import LRU

#: How many distinct expressions are kept compiled (python-pptx's constant ones are ~150).
MAX_KEPT = 512

_compiled: LRU[etree.XPath] = LRU(MAX_KEPT)
#: python-pptx's own method, kept once (importing this module again must not wrap the wrapper).
_uncompiled = getattr(BaseOxmlElement, "_pptx_xpath", BaseOxmlElement.xpath)
BaseOxmlElement._pptx_xpath = _uncompiled


def _xpath(self: Any, xpath_str: str) -> Any:
    """python-pptx's ``BaseOxmlElement.xpath``, with the expression compiled once."""
    found = _compiled.get(xpath_str)
    if found is None:
        try:
            found = _compiled.put(xpath_str, etree.XPath(xpath_str, namespaces=_nsmap))
        except etree.XPathError:
            return _uncompiled(self, xpath_str)  # python-pptx's own error for it
    return found(self)


#: python-pptx's ``qn``, and the same names kept: both made once per process, like ``xpath``.
_pptx_qn = getattr(ns, "_pptx_qn", ns.qn)
_kept_qn = getattr(ns, "_kept_qn", None) or functools.lru_cache(maxsize=MAX_KEPT)(_pptx_qn)
ns._pptx_qn, ns._kept_qn = _pptx_qn, _kept_qn  # type: ignore[attr-defined]


def use_compiled_xpaths() -> None:
    """Give python-pptx's elements the compiled look-up, and its modules the kept tag names
    (idempotent; a python-pptx module imported later keeps its own ``qn``, only slower)."""
    BaseOxmlElement.xpath = _xpath  # type: ignore[method-assign]
    for name, module in list(sys.modules.items()):
        if name.startswith("pptx") and getattr(module, "qn", None) is _pptx_qn:
            module.qn = _kept_qn  # type: ignore[attr-defined]
