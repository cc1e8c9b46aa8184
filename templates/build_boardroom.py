"""Build the shipped ``boardroom`` template: ``boardroom.pptx`` and ``boardroom.deckgen.yaml``.

Usage: ``python templates/build_boardroom.py [OUTPUT_DIR]`` (default: the folder of this file).

The template is written part by part into a zip we control, so the output is byte-identical
on every run (fixed timestamps, fixed member order, fixed core properties) and contains only
what a template needs: one theme, one slide master, the 11 layouts deckgen maps slide kinds
to, and no slides. Every position is explicit so deckgen can measure text against the boxes.

Geometry (inches, slide 13.333 x 7.5): margins 0.6 left and right; title box 0.35 to 1.6 with
the text anchored at the bottom and a short accent rule under it; content area 1.75 to 6.55;
source line 6.55 to 6.9; grey hairline at 6.92; footer row 6.95 to 7.3.
"""

from __future__ import annotations

import io
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from lxml import etree

# --------------------------------------------------------------------------------------------
# Units, namespaces, colours
# --------------------------------------------------------------------------------------------

EMU_PER_INCH = 914400
SLIDE_W = 12192000  # 13.333 in, 16:9
SLIDE_H = 6858000  # 7.5 in


def emu(inches: float) -> int:
    return round(inches * EMU_PER_INCH)


NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_P = "http://schemas.openxmlformats.org/presentationml/2006/main"
NSDECL = f'xmlns:a="{NS_A}" xmlns:r="{NS_R}" xmlns:p="{NS_P}"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_OFFICE = "application/vnd.openxmlformats-officedocument"
CT_PML = f"{CT_OFFICE}.presentationml"

THEME_NAME = "deckgen boardroom"
FONT = "Calibri"  # metric-compatible Carlito is what LibreOffice uses on Linux
THEME_COLOURS = {
    "dk1": "1A1A1A",
    "lt1": "FFFFFF",
    "dk2": "1F2A37",
    "lt2": "F3F4F6",
    "accent1": "0B5CAD",  # the one accent colour
    "accent2": "8A939D",  # grey for non-key chart bars
    "accent3": "C5CBD1",
    "accent4": "5B6670",
    "accent5": "0B5CAD",
    "accent6": "3D4752",
    "hlink": "0B5CAD",
    "folHlink": "5B6670",
}
# Text greys are fixed RGB, not theme slots: a brand that recolours the accents must not turn
# footers and captions into brand colours. Both pass WCAG AA on white (5.9:1 and 9.6:1).
GREY_TEXT = "5B6670"
GREY_DARK = "3D4752"
GREY_RULE = "C5CBD1"

FOOTER_TEXT = "{{ audience.company }} · {{ labels.confidential }}"
PREPARED_FOR_TEXT = "{{ labels.prepared_for }} {{ audience.company }}"
TABLE_STYLE_ID = "{0B5CAD00-DEC6-4E00-B0A2-D00000000001}"
SLIDENUM_FIELD_ID = "{5B0C2D1E-3A4F-4C6B-9D8E-0B5CAD000001}"

# Grid (inches)
MARGIN = 0.6
CONTENT_W = SLIDE_W / EMU_PER_INCH - 2 * MARGIN  # 12.133
RIGHT = MARGIN + CONTENT_W  # 12.733
TITLE_BOX = (MARGIN, 0.35, CONTENT_W, 1.25)
TITLE_RULE = (MARGIN, 1.63, 0.9, 0.06)
CONTENT_TOP = 1.75
CONTENT_BOTTOM = 6.55
CONTENT_H = CONTENT_BOTTOM - CONTENT_TOP
SOURCE_BOX = (MARGIN, 6.55, CONTENT_W, 0.35)
FOOTER_RULE_Y = 6.92
FOOTER_BOX = (MARGIN, 6.95, 7.0, 0.35)
SLDNUM_BOX = (RIGHT - 1.5, 6.95, 1.5, 0.35)
GUTTER = 0.4
LOGO_W = 2.4  # the title slide's logo box: a wordmark 2.4 x 1.0 in reads at the back of a room

# --------------------------------------------------------------------------------------------
# Small XML builders (strings; every part is parsed with lxml before it is written)
# --------------------------------------------------------------------------------------------


def colour(c: str) -> str:
    """``accent1``/``tx1``/... as a scheme colour, 6 hex digits as RGB."""
    if len(c) == 6 and all(ch in "0123456789ABCDEF" for ch in c):
        return f'<a:srgbClr val="{c}"/>'
    return f'<a:schemeClr val="{c}"/>'


def fill(c: str) -> str:
    return f"<a:solidFill>{colour(c)}</a:solidFill>"


def xfrm(box: tuple[float, float, float, float]) -> str:
    x, y, w, h = box
    return (
        f'<a:xfrm><a:off x="{emu(x)}" y="{emu(y)}"/><a:ext cx="{emu(w)}" cy="{emu(h)}"/></a:xfrm>'
    )


def theme_font(kind: str) -> str:
    """Theme font references; ``kind`` is "mj" (titles) or "mn" (body)."""
    return (
        f'<a:latin typeface="+{kind}-lt"/><a:ea typeface="+{kind}-ea"/>'
        f'<a:cs typeface="+{kind}-cs"/>'
    )


def rpr(
    sz: float | None = None,
    *,
    b: bool | None = None,
    i: bool | None = None,
    color: str | None = None,
    cap: str | None = None,
    spc: int | None = None,
    font: str | None = None,
    tag: str = "a:defRPr",
    lang: str | None = None,
) -> str:
    attrs = ""
    if lang:
        attrs += f' lang="{lang}"'
    if sz is not None:
        attrs += f' sz="{round(sz * 100)}"'
    if b is not None:
        attrs += f' b="{int(b)}"'
    if i is not None:
        attrs += f' i="{int(i)}"'
    if tag == "a:defRPr":
        attrs += ' kern="1200"'
    if cap:
        attrs += f' cap="{cap}"'
    if spc is not None:
        attrs += f' spc="{spc}"'
    kids = fill(color) if color else ""
    if font:
        kids += theme_font(font)
    return f"<{tag}{attrs}>{kids}</{tag}>" if kids else f"<{tag}{attrs}/>"


def ppr(
    lvl: int,
    *,
    sz: float | None = None,
    b: bool | None = None,
    i: bool | None = None,
    color: str | None = None,
    algn: str | None = None,
    mar_l: float | None = None,
    indent: float | None = None,
    ln_spc: int | None = None,
    spc_bef: float | None = None,
    bullet: str | None | bool = None,
    bullet_color: str | None = None,
    font: str | None = None,
    full: bool = False,
) -> str:
    """One ``a:lvlNpPr``. ``bullet``: a character, False for ``buNone``, None to inherit.

    ``full`` adds the attributes PowerPoint writes on master text styles.
    """
    attrs = ""
    if mar_l is not None:
        attrs += f' marL="{emu(mar_l)}"'
    if indent is not None:
        attrs += f' indent="{emu(indent)}"'
    if algn:
        attrs += f' algn="{algn}"'
    if full:
        attrs += ' defTabSz="914400" rtl="0" eaLnBrk="1" latinLnBrk="0" hangingPunct="1"'
    kids = ""
    if ln_spc is not None:
        kids += f'<a:lnSpc><a:spcPct val="{ln_spc * 1000}"/></a:lnSpc>'
    if spc_bef is not None:
        kids += f'<a:spcBef><a:spcPts val="{round(spc_bef * 100)}"/></a:spcBef>'
    if bullet is False:
        kids += "<a:buNone/>"
    elif bullet:
        if bullet_color:
            kids += f"<a:buClr>{colour(bullet_color)}</a:buClr>"
        kids += (
            '<a:buFont typeface="Arial" panose="020B0604020202020204" pitchFamily="34"'
            ' charset="0"/>'
        )
        kids += f"<a:buChar char={quoteattr(bullet)}/>"
    kids += rpr(sz, b=b, i=i, color=color, font=font)
    return f"<a:lvl{lvl}pPr{attrs}>{kids}</a:lvl{lvl}pPr>"


def body_pr(anchor: str = "t", ins: tuple[float, float, float, float] = (0, 0.05, 0, 0.05)) -> str:
    l_, t, r, b = (emu(v) for v in ins)
    return (
        f'<a:bodyPr vert="horz" wrap="square" lIns="{l_}" tIns="{t}" rIns="{r}" bIns="{b}"'
        f' rtlCol="0" anchor="{anchor}"><a:noAutofit/></a:bodyPr>'
    )


def para(text: str, lvl: int = 0) -> str:
    ppr_ = f'<a:pPr lvl="{lvl}"/>' if lvl else ""
    return f'<a:p>{ppr_}<a:r><a:rPr lang="en-US" dirty="0"/><a:t>{escape(text)}</a:t></a:r></a:p>'


# --------------------------------------------------------------------------------------------
# Shapes
# --------------------------------------------------------------------------------------------


@dataclass
class Ph:
    """A placeholder on the master or a layout."""

    type: str  # title, ctrTitle, subTitle, body, chart, tbl, ftr, sldNum
    name: str
    box: tuple[float, float, float, float]
    idx: int | None = None
    prompt: list[str] | str = ""
    anchor: str = "t"
    ins: tuple[float, float, float, float] = (0, 0.05, 0, 0.05)
    levels: list[str] = field(default_factory=list)  # lstStyle a:lvlNpPr overrides
    bg: str | None = None  # solid fill of the placeholder box
    custom_prompt: bool = True  # layouts show their own prompt text; the master does not

    def xml(self, sid: int) -> str:
        ph = f'<p:ph type="{self.type}"'
        if self.type in ("ftr", "sldNum"):
            ph += ' sz="quarter"'
        if self.idx is not None:
            ph += f' idx="{self.idx}"'
        if self.custom_prompt and self.type not in ("ftr", "sldNum"):
            ph += ' hasCustomPrompt="1"'
        ph += "/>"
        sp_pr = xfrm(self.box) + '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        if self.bg:
            sp_pr += fill(self.bg) + "<a:ln><a:noFill/></a:ln>"
        if self.type == "sldNum":
            paras = (
                f'<a:p><a:fld id="{SLIDENUM_FIELD_ID}" type="slidenum">'
                '<a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld>'
                '<a:endParaRPr lang="en-US"/></a:p>'
            )
        elif self.type == "ftr":
            paras = para(FOOTER_TEXT)
        else:
            prompts = [self.prompt] if isinstance(self.prompt, str) else self.prompt
            paras = "".join(para(t, lvl) for lvl, t in enumerate(prompts))
        lst = f"<a:lstStyle>{''.join(self.levels)}</a:lstStyle>" if self.levels else "<a:lstStyle/>"
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name={quoteattr(self.name)}/>'
            f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>'
            f"<p:spPr>{sp_pr}</p:spPr>"
            f"<p:txBody>{body_pr(self.anchor, self.ins)}{lst}{paras}</p:txBody></p:sp>"
        )


@dataclass
class Rect:
    """A filled rectangle without text (accent rules and bands)."""

    name: str
    box: tuple[float, float, float, float]
    color: str = "accent1"

    def xml(self, sid: int) -> str:
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name={quoteattr(self.name)}/><p:cNvSpPr/>'
            f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{xfrm(self.box)}'
            f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill(self.color)}'
            "<a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
        )


@dataclass
class Hairline:
    """A horizontal 0.75 pt grey line."""

    name: str
    x: float
    y: float
    w: float

    def xml(self, sid: int) -> str:
        return (
            f'<p:cxnSp><p:nvCxnSpPr><p:cNvPr id="{sid}" name={quoteattr(self.name)}/>'
            '<p:cNvCxnSpPr/><p:nvPr userDrawn="1"/></p:nvCxnSpPr>'
            f"<p:spPr>{xfrm((self.x, self.y, self.w, 0))}"
            '<a:prstGeom prst="line"><a:avLst/></a:prstGeom>'
            f'<a:ln w="9525">{fill(GREY_RULE)}</a:ln></p:spPr></p:cxnSp>'
        )


@dataclass
class TextBox:
    """Fixed text on a layout (may hold Jinja tags that deckgen renders)."""

    name: str
    box: tuple[float, float, float, float]
    text: str
    run: str  # a:rPr of the run

    def xml(self, sid: int) -> str:
        return (
            f'<p:sp><p:nvSpPr><p:cNvPr id="{sid}" name={quoteattr(self.name)}/>'
            '<p:cNvSpPr txBox="1"/><p:nvPr userDrawn="1"/></p:nvSpPr>'
            f'<p:spPr>{xfrm(self.box)}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
            "<a:noFill/></p:spPr>"
            f"<p:txBody>{body_pr('b')}<a:lstStyle/>"
            f'<a:p><a:pPr marL="0" indent="0"><a:spcBef><a:spcPts val="0"/></a:spcBef>'
            f"<a:buNone/></a:pPr><a:r>{self.run}<a:t>{escape(self.text)}</a:t></a:r></a:p>"
            "</p:txBody></p:sp>"
        )


def sp_tree(shapes: list) -> str:
    kids = "".join(s.xml(i) for i, s in enumerate(shapes, start=2))
    return (
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr>'
        '<p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/>'
        f'<a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>{kids}</p:spTree>'
    )


# --------------------------------------------------------------------------------------------
# Placeholder styles shared by layouts
# --------------------------------------------------------------------------------------------

NO_BULLET = {"mar_l": 0, "indent": 0, "bullet": False}


def plain(sz: float, *, spc_bef: float = 0, **kw) -> list[str]:
    """Level 1 without bullet (headings, captions, big numbers)."""
    return [ppr(1, sz=sz, spc_bef=spc_bef, **NO_BULLET, **kw)]


def bullets(sz1: float, sz2: float | None = None) -> list[str]:
    """Body bullets at a different size than the master (18 pt columns)."""
    sz2 = sz2 if sz2 is not None else sz1 - 2
    return [ppr(1, sz=sz1), ppr(2, sz=sz2), ppr(3, sz=sz2 - 2)]


def title_ph(box=TITLE_BOX, levels=None, anchor="b", prompt=None) -> Ph:
    return Ph(
        "title",
        "Title",
        box,
        prompt=prompt or "Action title: the takeaway as one full sentence, at most two lines",
        anchor=anchor,
        levels=levels or [],
    )


def body_ph(idx: int, name: str, box, prompt, levels=None, anchor="t", **kw) -> Ph:
    return Ph("body", name, box, idx=idx, prompt=prompt, levels=levels or [], anchor=anchor, **kw)


BODY_PROMPT = [
    "One message per slide: at most five bullets, about a dozen words each",
    "Second level for detail",
    "Third level",
]


def source_ph() -> Ph:
    return body_ph(
        20,
        "Source",
        SOURCE_BOX,
        "Source: publisher, title, year",
        plain(12, color=GREY_TEXT),
        anchor="b",
    )


def footer_phs() -> list[Ph]:
    return [
        Ph("ftr", "Footer", FOOTER_BOX, idx=11, anchor="ctr", ins=(0, 0, 0, 0)),
        Ph("sldNum", "Slide Number", SLDNUM_BOX, idx=12, anchor="ctr", ins=(0, 0, 0, 0)),
    ]


def title_rule(y: float = TITLE_RULE[1]) -> Rect:
    return Rect("Accent rule", (MARGIN, y, TITLE_RULE[2], TITLE_RULE[3]))


# --------------------------------------------------------------------------------------------
# Layouts
# --------------------------------------------------------------------------------------------


@dataclass
class Layout:
    name: str
    type: str
    shapes: list

    def xml(self) -> str:
        return (
            f'<p:sldLayout {NSDECL} type="{self.type}" preserve="1">'
            f"<p:cSld name={quoteattr(self.name)}>{sp_tree(self.shapes)}</p:cSld>"
            "<p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"
        )


def layouts() -> list[Layout]:
    full = (MARGIN, CONTENT_TOP, CONTENT_W, CONTENT_H)
    col_w = (CONTENT_W - GUTTER) / 2
    right_x = MARGIN + col_w + GUTTER
    big_w = 5.2
    big_right_x = MARGIN + big_w + GUTTER
    chart_w = 7.4
    chart_text_w = 4.3
    chart_text_x = RIGHT - chart_text_w
    ask_y, ask_h, ask_rule = 1.8, 1.3, 0.08
    narrow = 11.4  # title and body width on the centred layouts (shorter lines read better)

    title_slide = Layout(
        "Title",
        "title",
        [
            Rect("Accent band", (0, 0, 0.25, SLIDE_H / EMU_PER_INCH)),
            TextBox(
                "Prepared for",
                (MARGIN, 0.55, CONTENT_W - LOGO_W - GUTTER, 0.4),
                PREPARED_FOR_TEXT,
                rpr(14, b=True, color="accent1", cap="all", spc=100, tag="a:rPr", lang="en-US"),
            ),
            Ph(
                "ctrTitle",
                "Title",
                (MARGIN, 1.9, 11.0, 2.4),
                prompt="Deck title: the decision you want from the CEO",
                anchor="b",
                levels=[ppr(1, sz=40, b=True, algn="l")],
            ),
            title_rule(4.45),
            Ph(
                "subTitle",
                "Subtitle",
                (MARGIN, 4.65, 11.0, 0.95),
                idx=1,
                prompt="Subtitle: what is at stake, in one line",
                levels=plain(22, color=GREY_DARK),
            ),
            body_ph(
                13,
                "Presenter",
                (MARGIN, 5.75, 8.0, 0.8),
                "Presenter name, role · date",
                plain(16, color="tx1"),
                anchor="b",
            ),
            # The client's or the company's logo (brand.logo), top right; removed when none.
            Ph(
                "pic",
                "Logo",
                (RIGHT - LOGO_W, 0.45, LOGO_W, 1.0),
                idx=14,
                prompt="Logo",
                anchor="ctr",
            ),
            *footer_phs(),
        ],
    )
    executive_summary = Layout(
        "Executive Summary",
        "cust",
        [
            title_ph(),
            title_rule(),
            Rect("Ask rule", (MARGIN, ask_y, ask_rule, ask_h)),
            body_ph(
                13,
                "Ask",
                (MARGIN + ask_rule, ask_y, CONTENT_W - ask_rule, ask_h),
                "The ask: the decision, budget and timeline in one or two sentences",
                plain(22, b=True, color="tx1"),
                anchor="ctr",
                ins=(0.3, 0.1, 0.3, 0.1),
                bg="bg2",
            ),
            body_ph(
                1,
                "Body",
                (MARGIN, 3.3, CONTENT_W, CONTENT_BOTTOM - 3.3),
                ["The three strongest reasons, strongest first", "Detail", "Detail"],
            ),
            source_ph(),
            *footer_phs(),
        ],
    )
    title_and_content = Layout(
        "Title and Content",
        "obj",
        [title_ph(), title_rule(), body_ph(1, "Body", full, BODY_PROMPT), source_ph()]
        + footer_phs(),
    )
    section_header = Layout(
        "Section Header",
        "secHead",
        [
            title_ph(
                (MARGIN, 1.45, narrow, 2.15),
                levels=[ppr(1, sz=36)],
                prompt="Section title",
            ),
            title_rule(3.72),
            body_ph(
                1,
                "Body",
                (MARGIN, 3.92, narrow, 1.3),
                "What this section shows, in one sentence",
                plain(20, color=GREY_DARK),
            ),
            *footer_phs(),
        ],
    )
    # Column headings are questions or short statements: room for two lines of 20 pt.
    heading_h = 0.8
    column_top = CONTENT_TOP + heading_h + 0.05

    def column(heading_idx: int, body_idx: int, side: str, x: float) -> list[Ph]:
        """A comparison column: a heading with room for two lines, its bullets below."""
        return [
            body_ph(
                heading_idx,
                f"{side} heading",
                (x, CONTENT_TOP, col_w, heading_h),
                f"{side} heading",
                plain(20, b=True, color="accent1"),
                anchor="t",
            ),
            body_ph(
                body_idx,
                f"{side} body",
                (x, column_top, col_w, CONTENT_BOTTOM - column_top),
                BODY_PROMPT[:2],
            ),
        ]

    comparison = Layout(
        "Comparison",
        "twoTxTwoObj",
        [
            title_ph(),
            title_rule(),
            *column(13, 1, "Left", MARGIN),
            *column(14, 2, "Right", right_x),
            source_ph(),
            *footer_phs(),
        ],
    )
    big_number = Layout(
        "Big Number",
        "cust",
        [
            title_ph(),
            title_rule(),
            body_ph(
                13,
                "Big number",
                (MARGIN, CONTENT_TOP, big_w, 1.6),
                "8×",
                plain(88, b=True, color="accent1", ln_spc=90),
                anchor="b",
                ins=(0, 0.05, 0, 0),
            ),
            body_ph(
                14,
                "Caption",
                (MARGIN, 3.35, big_w, CONTENT_BOTTOM - 3.35),
                "What the number measures, and compared with what",
                plain(18, color=GREY_TEXT),
            ),
            body_ph(
                1,
                "Body",
                (big_right_x, CONTENT_TOP, RIGHT - big_right_x, CONTENT_H),
                BODY_PROMPT[:2],
            ),
            source_ph(),
            *footer_phs(),
        ],
    )
    chart_and_text = Layout(
        "Chart and Text",
        "chartAndTx",
        [
            title_ph(),
            title_rule(),
            Ph(
                "chart",
                "Chart",
                (MARGIN, CONTENT_TOP, chart_w, CONTENT_H),
                idx=1,
                prompt="Chart: direct labels, key bar in the accent colour",
            ),
            body_ph(
                2,
                "Body",
                (chart_text_x, CONTENT_TOP, chart_text_w, CONTENT_H),
                BODY_PROMPT[:2],
                bullets(18, 16),
            ),
            source_ph(),
            *footer_phs(),
        ],
    )
    table_box = (MARGIN, CONTENT_TOP + 0.15, CONTENT_W, CONTENT_H - 0.15)
    table = Layout(
        "Table",
        "tbl",
        [
            title_ph(),
            title_rule(),
            # Starts 0.15 in lower than text: a table has no inner top margin to clear the rule.
            Ph("tbl", "Table", table_box, idx=1, prompt="Table"),
            source_ph(),
            *footer_phs(),
        ],
    )
    quote_w = 10.4
    quote = Layout(
        "Quote",
        "cust",
        [
            title_ph(),
            title_rule(),
            body_ph(
                13,
                "Quote",
                (MARGIN, 1.85, quote_w, 2.9),
                "“The quotation, in the speaker’s own words.”",
                plain(28, i=True, color="tx1", ln_spc=100),
                anchor="b",
            ),
            body_ph(
                14,
                "Attribution",
                (MARGIN, 4.85, quote_w, 0.9),
                "Name, role, organisation",
                plain(18, color=GREY_TEXT, algn="r"),
            ),
            source_ph(),
            *footer_phs(),
        ],
    )
    statement = Layout(
        "Statement",
        "titleOnly",
        [
            title_ph(
                (MARGIN, 1.6, narrow, 2.3),
                levels=[ppr(1, sz=36, b=True)],
                prompt="One statement the room should remember, at most three lines",
            ),
            title_rule(4.02),
            body_ph(
                1,
                "Body",
                (MARGIN, 4.22, narrow, 1.5),
                "A supporting sentence",
                plain(20, color=GREY_DARK),
            ),
            *footer_phs(),
        ],
    )
    blank = Layout("Blank", "blank", footer_phs())
    return [
        title_slide,
        executive_summary,
        title_and_content,
        section_header,
        comparison,
        big_number,
        chart_and_text,
        table,
        quote,
        statement,
        blank,
    ]


# --------------------------------------------------------------------------------------------
# Master, theme and package parts
# --------------------------------------------------------------------------------------------


def master_xml(layout_rids: list[str]) -> str:
    shapes = [
        Ph(
            "title",
            "Title",
            TITLE_BOX,
            prompt="Click to edit the title style",
            anchor="b",
            custom_prompt=False,
        ),
        Ph(
            "body",
            "Body",
            (MARGIN, CONTENT_TOP, CONTENT_W, CONTENT_H),
            idx=1,
            prompt=["Body level one", "Body level two", "Body level three"],
            custom_prompt=False,
        ),
        Ph(
            "ftr",
            "Footer",
            FOOTER_BOX,
            idx=11,
            anchor="ctr",
            ins=(0, 0, 0, 0),
            levels=[ppr(1, sz=12, color=GREY_TEXT, algn="l")],
        ),
        Ph(
            "sldNum",
            "Slide Number",
            SLDNUM_BOX,
            idx=12,
            anchor="ctr",
            ins=(0, 0, 0, 0),
            levels=[ppr(1, sz=12, color=GREY_TEXT, algn="r")],
        ),
        Hairline("Footer rule", MARGIN, FOOTER_RULE_Y, CONTENT_W),
    ]
    ids = "".join(
        f'<p:sldLayoutId id="{2147483649 + n}" r:id="{rid}"/>' for n, rid in enumerate(layout_rids)
    )
    clr_map = (
        '<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2"'
        ' accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6"'
        ' hlink="hlink" folHlink="folHlink"/>'
    )
    title_style = ppr(
        1, sz=32, b=True, color="tx1", algn="l", ln_spc=90, spc_bef=0, bullet=False, font="mj",
        full=True,
    )  # fmt: skip
    # Body levels: 100 % line spacing, 10 pt before, dark text, bullets hanging 0.3 in.
    marks = [("•", "accent1", 20), ("–", "tx1", 18)] + [("•", GREY_TEXT, 16)] * 7
    body_style = "".join(
        ppr(
            n,
            sz=sz,
            color="tx1",
            algn="l",
            mar_l=0.3 * n,
            indent=-0.3,
            ln_spc=100,
            spc_bef=10,
            bullet=char,
            bullet_color=bu_clr,
            font="mn",
            full=True,
        )  # fmt: skip
        for n, (char, bu_clr, sz) in enumerate(marks, start=1)
    )
    other_style = '<a:defPPr><a:defRPr lang="en-US"/></a:defPPr>' + "".join(
        ppr(n, sz=18, color="tx1", mar_l=0.5 * (n - 1), algn="l", font="mn", full=True)
        for n in range(1, 10)
    )
    return (
        f"<p:sldMaster {NSDECL}><p:cSld>"
        f"<p:bg><p:bgPr>{fill('bg1')}<a:effectLst/></p:bgPr></p:bg>{sp_tree(shapes)}</p:cSld>"
        f"{clr_map}<p:sldLayoutIdLst>{ids}</p:sldLayoutIdLst>"
        f"<p:txStyles><p:titleStyle>{title_style}</p:titleStyle>"
        f"<p:bodyStyle>{body_style}</p:bodyStyle>"
        f"<p:otherStyle>{other_style}</p:otherStyle></p:txStyles></p:sldMaster>"
    )


def theme_xml() -> str:
    clr = "".join(f'<a:{k}><a:srgbClr val="{v}"/></a:{k}>' for k, v in THEME_COLOURS.items())

    def font(kind: str) -> str:
        return (
            f'<a:{kind}><a:latin typeface="{FONT}" panose="020F0502020204030204"/>'
            f'<a:ea typeface=""/><a:cs typeface=""/></a:{kind}>'
        )

    solid = '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'
    lines = "".join(
        f'<a:ln w="{w}" cap="flat" cmpd="sng" algn="ctr">{solid}<a:prstDash val="solid"/>'
        '<a:miter lim="800000"/></a:ln>'
        for w in (9525, 19050, 28575)
    )
    effects = "<a:effectStyle><a:effectLst/></a:effectStyle>" * 3
    return (
        f'<a:theme xmlns:a="{NS_A}" name="{THEME_NAME}"><a:themeElements>'
        f'<a:clrScheme name="{THEME_NAME}">{clr}</a:clrScheme>'
        f'<a:fontScheme name="{THEME_NAME}">{font("majorFont")}{font("minorFont")}</a:fontScheme>'
        f'<a:fmtScheme name="{THEME_NAME}">'
        f"<a:fillStyleLst>{solid * 3}</a:fillStyleLst>"
        f"<a:lnStyleLst>{lines}</a:lnStyleLst>"
        f"<a:effectStyleLst>{effects}</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{solid * 3}</a:bgFillStyleLst>"
        "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


def table_styles_xml() -> str:
    """One restrained table style, the default: bold header over a dark rule, grey hairlines
    between rows, no fills and no vertical lines. python-pptx tables name Medium Style 2 -
    Accent 1 explicitly; a renderer sets ``a:tableStyleId`` to TABLE_STYLE_ID to use this."""
    none = "<a:ln><a:noFill/></a:ln>"
    hair = f'<a:ln w="9525" cmpd="sng">{fill(GREY_RULE)}</a:ln>'
    dark = f'<a:ln w="19050" cmpd="sng">{fill("tx1")}</a:ln>'
    text = '<a:fontRef idx="minor"><a:prstClr val="black"/></a:fontRef><a:schemeClr val="tx1"/>'
    borders = "".join(
        f"<a:{side}>{ln}</a:{side}>"
        for side, ln in [
            ("left", none), ("right", none), ("top", none), ("bottom", hair),
            ("insideH", hair), ("insideV", none),
        ]
    )  # fmt: skip
    return (
        f'<a:tblStyleLst xmlns:a="{NS_A}" def="{TABLE_STYLE_ID}">'
        f'<a:tblStyle styleId="{TABLE_STYLE_ID}" styleName="{THEME_NAME}">'
        f"<a:wholeTbl><a:tcTxStyle>{text}</a:tcTxStyle><a:tcStyle><a:tcBdr>{borders}</a:tcBdr>"
        "<a:fill><a:noFill/></a:fill></a:tcStyle></a:wholeTbl>"
        f'<a:firstRow><a:tcTxStyle b="on">{text}</a:tcTxStyle><a:tcStyle><a:tcBdr>'
        f"<a:bottom>{dark}</a:bottom></a:tcBdr><a:fill><a:noFill/></a:fill></a:tcStyle>"
        "</a:firstRow></a:tblStyle></a:tblStyleLst>"
    )


def presentation_xml() -> str:
    levels = "".join(
        ppr(n, sz=18, color="tx1", mar_l=0.5 * (n - 1), algn="l", font="mn", full=True)
        for n in range(1, 10)
    )
    return (
        f'<p:presentation {NSDECL} saveSubsetFonts="1">'
        '<p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst>'
        f'<p:sldSz cx="{SLIDE_W}" cy="{SLIDE_H}"/><p:notesSz cx="6858000" cy="9144000"/>'
        f'<p:defaultTextStyle><a:defPPr><a:defRPr lang="en-US"/></a:defPPr>{levels}'
        "</p:defaultTextStyle></p:presentation>"
    )


def view_props_xml() -> str:
    # Guides on the grid (units of 1/576 in): margins, content top and bottom.
    guides = [("vert", MARGIN), ("vert", RIGHT), ("horz", CONTENT_TOP), ("horz", CONTENT_BOTTOM)]
    guide_xml = "".join(f'<p:guide orient="{o}" pos="{round(v * 576)}"/>' for o, v in guides)
    return (
        f"<p:viewPr {NSDECL}><p:normalViewPr>"
        '<p:restoredLeft sz="15620"/><p:restoredTop sz="94660"/></p:normalViewPr>'
        '<p:slideViewPr><p:cSldViewPr snapToGrid="0"><p:cViewPr varScale="1">'
        '<p:scale><a:sx n="100" d="100"/><a:sy n="100" d="100"/></p:scale>'
        f'<p:origin x="0" y="0"/></p:cViewPr><p:guideLst>{guide_xml}</p:guideLst>'
        "</p:cSldViewPr></p:slideViewPr>"
        '<p:gridSpacing cx="76200" cy="76200"/></p:viewPr>'
    )


def core_xml() -> str:
    return (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{THEME_NAME}</dc:title><dc:creator>deckgen</dc:creator>"
        "<cp:lastModifiedBy>deckgen</cp:lastModifiedBy><cp:revision>1</cp:revision>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:created>'
        '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-01T00:00:00Z</dcterms:modified>'
        "</cp:coreProperties>"
    )


def app_xml() -> str:
    return (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><TotalTime>0</TotalTime><Words>0</Words>'
        "<Application>deckgen</Application><PresentationFormat>Widescreen</PresentationFormat>"
        "<Paragraphs>0</Paragraphs><Slides>0</Slides><Notes>0</Notes>"
        "<HiddenSlides>0</HiddenSlides><MMClips>0</MMClips><ScaleCrop>false</ScaleCrop>"
        "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
        "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion>"
        "</Properties>"
    )


def rels_xml(rels: list[tuple[str, str, str]]) -> str:
    kids = "".join(
        f'<Relationship Id="{rid}" Type="{typ}" Target="{target}"/>' for rid, typ, target in rels
    )
    return f'<Relationships xmlns="{PKG_REL}">{kids}</Relationships>'


def content_types_xml(overrides: list[tuple[str, str]]) -> str:
    kids = "".join(f'<Override PartName="/{p}" ContentType="{ct}"/>' for p, ct in overrides)
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f"{kids}</Types>"
    )


def parts() -> list[tuple[str, str]]:
    """(zip member name, XML) in the order they are written."""
    los = layouts()
    n = len(los)
    layout_rids = [f"rId{i}" for i in range(1, n + 1)]
    out: list[tuple[str, str]] = []
    overrides = [
        ("ppt/presentation.xml", f"{CT_PML}.presentation.main+xml"),
        ("ppt/slideMasters/slideMaster1.xml", f"{CT_PML}.slideMaster+xml"),
        *(
            (f"ppt/slideLayouts/slideLayout{i}.xml", f"{CT_PML}.slideLayout+xml")
            for i in range(1, n + 1)
        ),
        ("ppt/theme/theme1.xml", f"{CT_OFFICE}.theme+xml"),
        ("ppt/presProps.xml", f"{CT_PML}.presProps+xml"),
        ("ppt/viewProps.xml", f"{CT_PML}.viewProps+xml"),
        ("ppt/tableStyles.xml", f"{CT_PML}.tableStyles+xml"),
        ("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("docProps/app.xml", f"{CT_OFFICE}.extended-properties+xml"),
    ]  # fmt: skip
    out.append(("[Content_Types].xml", content_types_xml(overrides)))
    out.append(
        (
            "_rels/.rels",
            rels_xml(
                [
                    ("rId1", f"{REL}/officeDocument", "ppt/presentation.xml"),
                    ("rId2", f"{PKG_REL}/metadata/core-properties", "docProps/core.xml"),
                    ("rId3", f"{REL}/extended-properties", "docProps/app.xml"),
                ]
            ),
        )
    )
    out.append(("docProps/core.xml", core_xml()))
    out.append(("docProps/app.xml", app_xml()))
    out.append(("ppt/presentation.xml", presentation_xml()))
    out.append(
        (
            "ppt/_rels/presentation.xml.rels",
            rels_xml(
                [
                    ("rId1", f"{REL}/slideMaster", "slideMasters/slideMaster1.xml"),
                    ("rId2", f"{REL}/presProps", "presProps.xml"),
                    ("rId3", f"{REL}/viewProps", "viewProps.xml"),
                    ("rId4", f"{REL}/theme", "theme/theme1.xml"),
                    ("rId5", f"{REL}/tableStyles", "tableStyles.xml"),
                ]
            ),
        )
    )
    out.append(("ppt/presProps.xml", f"<p:presentationPr {NSDECL}/>"))
    out.append(("ppt/viewProps.xml", view_props_xml()))
    out.append(("ppt/tableStyles.xml", table_styles_xml()))
    out.append(("ppt/theme/theme1.xml", theme_xml()))
    out.append(("ppt/slideMasters/slideMaster1.xml", master_xml(layout_rids)))
    master_rels = [
        (rid, f"{REL}/slideLayout", f"../slideLayouts/slideLayout{i}.xml")
        for i, rid in enumerate(layout_rids, start=1)
    ]
    master_rels.append((f"rId{n + 1}", f"{REL}/theme", "../theme/theme1.xml"))
    out.append(("ppt/slideMasters/_rels/slideMaster1.xml.rels", rels_xml(master_rels)))
    for i, lo in enumerate(los, start=1):
        out.append((f"ppt/slideLayouts/slideLayout{i}.xml", lo.xml()))
        out.append(
            (
                f"ppt/slideLayouts/_rels/slideLayout{i}.xml.rels",
                rels_xml([("rId1", f"{REL}/slideMaster", "../slideMasters/slideMaster1.xml")]),
            )
        )
    return out


def serialise(xml: str) -> bytes:
    """Parse (catches malformed XML) and write with the standard OOXML declaration."""
    root = etree.fromstring(xml.encode("utf-8"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build_pptx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, xml in parts():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            zf.writestr(info, serialise(xml), compresslevel=9)
    return buf.getvalue()


MAPPING_YAML = """\
# deckgen layout mapping for the boardroom template: slide kind -> layout name.
layouts:
  title: Title
  executive_summary: Executive Summary
  agenda: Title and Content
  section: Section Header
  statement: Statement
  bullets: Title and Content
  big_number: Big Number
  chart: Chart and Text
  table: Table
  quote: Quote
  comparison: Comparison
  pillars: Title and Content
  sources: Title and Content
  closing: Statement
  risk_reframe: Title and Content
  information_advantage: Title and Content
  cost_of_inaction: Chart and Text
  employee_advocacy: Title and Content
  executive_visibility: Title and Content
  transformation_roadmap: Title and Content
  market_trend: Title and Content
  call_to_action: Title and Content
"""


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "boardroom.pptx").write_bytes(build_pptx())
    (out_dir / "boardroom.deckgen.yaml").write_bytes(MAPPING_YAML.encode("utf-8"))
    print(f"wrote {out_dir / 'boardroom.pptx'} and {out_dir / 'boardroom.deckgen.yaml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
