"""Every raw-XML operation deckgen needs and python-pptx lacks, in one package.

Like python-pptx keeps lxml inside ``oxml/``, nothing else in deckgen touches XML elements or
python-pptx internals. Its modules: ``tags`` (Jinja tags in text, split runs joined),
``slides`` (slides from prepared shape trees, text, footers, notes, with ``samples`` and
``legible`` for the styles and colours pinned on them), ``tables``, ``charts``, ``theme``,
``styles`` (inherited text styles, for fitting and checking, with ``colours`` for theme
colours and fills and ``textformat`` for the formats read), ``package`` (the deterministic
zip writer, and reading templates that are not plain presentations), ``opening`` (a user's
PowerPoint file read, checked and refused alike by every command), ``assembly`` (decks put
together from parts serialised once), ``archives`` (zips that are not decks), ``xml``
(the one parser for XML from a user's file: no entities, DTDs or network) and ``xpaths``
(python-pptx's XPath look-ups compiled once).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import lazy_names

__all__ = [
    "core_properties",
    "BULLET_INDENT",
    "PANEL_SHADE",
    "decorated_behind",
    "Palette",
    "add_drawn_shape",
    "next_shape_id",
    "set_box",
    "unique_placeholder_idx",
    "set_language",
    "apply_rendered",
    "join_split_tags",
    "tag_texts",
    "recoloured_theme",
    "shade_accent_text",
    "UnreadableTheme",
    "theme_fonts",
    "theme_summary",
    "ChartStencil",
    "chart_stencil",
    "describe_charts",
    "insert_chart",
    "chart_texts",
    "ZipDate",
    "RESAVE",
    "open_presentation",
    "presentation_of",
    "package_limits",
    "part_with_dtd",
    "read_presentation",
    "unreadable",
    "BodyStyle",
    "LevelStyle",
    "Levels",
    "RawParagraph",
    "RunFormat",
    "StyleReader",
    "Edges",
    "is_vertical",
    "shape_edges",
    "layout_type",
    "placeholder_idx",
    "read_paragraphs",
    "add_slide",
    "add_text_box",
    "alt_text",
    "copy_footer_placeholders",
    "drop_slides",
    "frame_placeholder",
    "is_decorative",
    "name_notes_by_slide",
    "notes_skeleton",
    "pin_text_style",
    "placeholders_by_idx",
    "remove_element",
    "remove_slide",
    "reset_slide",
    "set_alt_text",
    "set_paragraphs",
    "set_slide_name",
    "shape_tree",
    "slide_name",
    "use_default_table_style",
    "fill_table",
    "insert_table",
    "replace_element",
    "copy_of_shape",
    "xml_bytes",
    "shape_of",
    "text_shape_elements",
]

if TYPE_CHECKING:
    from .chart_text import chart_texts
    from .charts import (
        ChartStencil,
        chart_stencil,
        describe_charts,
        insert_chart,
    )
    from .docprops import core_properties
    from .drawn import (
        BULLET_INDENT,
        PANEL_SHADE,
        Palette,
        add_drawn_shape,
        decorated_behind,
        next_shape_id,
    )
    from .layout_idx import unique_placeholder_idx
    from .layouts import (
        Edges,
        is_vertical,
        layout_type,
        placeholder_idx,
        shape_edges,
    )
    from .opening import (
        RESAVE,
        open_presentation,
        package_limits,
        part_with_dtd,
        presentation_of,
        read_presentation,
        unreadable,
    )
    from .package import (
        ZipDate,
    )
    from .slides import (
        add_slide,
        add_text_box,
        alt_text,
        copy_footer_placeholders,
        copy_of_shape,
        drop_slides,
        frame_placeholder,
        is_decorative,
        name_notes_by_slide,
        notes_skeleton,
        pin_text_style,
        placeholders_by_idx,
        remove_element,
        remove_slide,
        replace_element,
        reset_slide,
        set_alt_text,
        set_box,
        set_language,
        set_paragraphs,
        set_slide_name,
        shape_of,
        shape_tree,
        slide_name,
        text_shape_elements,
        xml_bytes,
    )
    from .styles import StyleReader
    from .tables import fill_table, insert_table, use_default_table_style
    from .tags import (
        apply_rendered,
        join_split_tags,
        tag_texts,
    )
    from .textformat import (
        BodyStyle,
        Levels,
        LevelStyle,
        RawParagraph,
        RunFormat,
        read_paragraphs,
    )
    from .theme import (
        UnreadableTheme,
        recoloured_theme,
        shade_accent_text,
        theme_fonts,
        theme_summary,
    )

#: Where each name lives, imported on first use: importing the package costs nothing.
_HOMES = {
    "chart_texts": "chart_text",
    "ChartStencil": "charts",
    "chart_stencil": "charts",
    "describe_charts": "charts",
    "insert_chart": "charts",
    "core_properties": "docprops",
    "BULLET_INDENT": "drawn",
    "PANEL_SHADE": "drawn",
    "Palette": "drawn",
    "add_drawn_shape": "drawn",
    "decorated_behind": "drawn",
    "next_shape_id": "drawn",
    "Edges": "layouts",
    "is_vertical": "layouts",
    "layout_type": "layouts",
    "placeholder_idx": "layouts",
    "shape_edges": "layouts",
    "unique_placeholder_idx": "layout_idx",
    "RESAVE": "opening",
    "open_presentation": "opening",
    "presentation_of": "opening",
    "package_limits": "opening",
    "part_with_dtd": "opening",
    "read_presentation": "opening",
    "unreadable": "opening",
    "ZipDate": "package",
    "add_slide": "slides",
    "add_text_box": "slides",
    "alt_text": "slides",
    "copy_footer_placeholders": "slides",
    "copy_of_shape": "slides",
    "drop_slides": "slides",
    "frame_placeholder": "slides",
    "is_decorative": "slides",
    "name_notes_by_slide": "slides",
    "notes_skeleton": "slides",
    "pin_text_style": "slides",
    "placeholders_by_idx": "slides",
    "remove_element": "slides",
    "remove_slide": "slides",
    "replace_element": "slides",
    "reset_slide": "slides",
    "set_alt_text": "slides",
    "set_box": "slides",
    "set_language": "slides",
    "set_paragraphs": "slides",
    "set_slide_name": "slides",
    "shape_of": "slides",
    "shape_tree": "slides",
    "slide_name": "slides",
    "text_shape_elements": "slides",
    "xml_bytes": "slides",
    "StyleReader": "styles",
    "fill_table": "tables",
    "insert_table": "tables",
    "use_default_table_style": "tables",
    "apply_rendered": "tags",
    "join_split_tags": "tags",
    "tag_texts": "tags",
    "BodyStyle": "textformat",
    "Levels": "textformat",
    "LevelStyle": "textformat",
    "RawParagraph": "textformat",
    "RunFormat": "textformat",
    "read_paragraphs": "textformat",
    "UnreadableTheme": "theme",
    "recoloured_theme": "theme",
    "shade_accent_text": "theme",
    "theme_fonts": "theme",
    "theme_summary": "theme",
}

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_names(__name__, _HOMES)
