"""Loading content: located, complete error messages; overrides; client variables."""

from __future__ import annotations

import pytest

from deckgen.content import apply_override, load_deck, read_content
from deckgen.errors import ContentError


def messages(path, **kwargs) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_deck(path, **kwargs)
    return str(err.value).splitlines()


def test_every_structural_problem_is_reported_at_once_with_file_and_line(write_content):
    path = write_content(
        """\
        - kind: bullets
          headlin: Hallo
          points: [a]
        - kind: big_number
          headline: Wachstum
          stat: {value: 8, unit: multiple, label: Engagement}
        - kind: cost_of_inaction
          headline: Kosten
          customers: zwölf
          share_lost: 0.02
          customer_lifetime_value: 100
        - kind: bulets
          headline: x
        """
    )
    assert messages(path) == [
        f"{path}:9: slides[0].headline: required field is missing; add it",
        f"{path}:10: slides[0].headlin: unknown field; did you mean 'headline'?",
        f"{path}:14: slides[1].stat.source: every figure needs a source: "
        "add `source: <id>` naming one of the deck's sources",
        f"{path}:17: slides[2].customers: 'zwölf' is not a number",
        f"{path}:20: slides[3]: unknown slide kind 'bulets'; did you mean 'bullets'?",
    ]


def test_reference_to_an_undeclared_source_is_an_error(write_content):
    path = write_content(
        """\
        - kind: bullets
          headline: Hallo
          points: [a]
          sources: [gartner]
        """
    )
    assert messages(path) == [
        f"{path}:12: slides[0].sources[0]: unknown source 'gartner' (declared: edelman); "
        "declare it under sources: or fix the id"
    ]


def test_tag_and_length_problems_are_reported_together(write_content):
    headline = "{{ audience.company }} hat eine Überschrift, die viel zu lang ist, " + "x" * 50
    path = write_content(
        f"""\
        - kind: bullets
          headline: "{headline}"
          points: ["{{{{ audience.compny }}}}"]
        """
    )
    assert messages(path) == [
        f"{path}:11: slides[0].points[0]: no field 'compny' in this {{{{ }}}} tag; "
        "check the spelling",
        f"{path}:10: slides[0].headline: at most 90 characters, got 104; "
        "shorten it or split the slide",
    ]


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("title: x\nslides:\n  - kind: bullets\n   headline: bad indent\n")
    (line,) = messages(path)
    assert line.startswith(f"{path}:4: invalid YAML: ")


def test_missing_file_says_so(tmp_path):
    assert messages(tmp_path / "nope.yaml") == [
        f"{tmp_path / 'nope.yaml'}: no such content file; check the path"
    ]


def test_set_override_is_validated_like_the_file_and_named_in_the_error(write_content):
    path = write_content(
        "- {kind: cost_of_inaction, headline: x, customers: 10, share_lost: 0.1,"
        " customer_lifetime_value: 5}"
    )
    assert messages(path, overrides=["slides.cost_of_inaction.customers=zwölf"]) == [
        "--set slides.cost_of_inaction.customers: slides[0].customers: 'zwölf' is not a number"
    ]


def test_set_addresses_slides_by_index_id_or_kind(write_content):
    path = write_content(
        """\
        - {kind: bullets, id: first, headline: One, points: [a]}
        - {kind: bullets, headline: Two, points: [b]}
        """
    )
    deck = load_deck(path, overrides=["slides.first.headline=Eins", "slides[1].headline=Zwei"])
    assert [s.headline for s in deck.slides] == ["Eins", "Zwei"]


def test_ambiguous_kind_in_a_set_path_asks_for_an_id(write_content):
    path = write_content(
        """\
        - {kind: bullets, headline: One, points: [a]}
        - {kind: bullets, headline: Two, points: [b]}
        """
    )
    assert messages(path, overrides=["slides.bullets.headline=x"]) == [
        "--set slides.bullets.headline: slides.bullets.headline: "
        "2 slides are 'bullets'; give one an id and use it"
    ]


def test_client_values_are_available_to_content_strings(write_content):
    path = write_content("- {kind: bullets, headline: 'Für {{ client.region }}', points: [a]}")
    deck = load_deck(path, client={"region": "Bayern"})
    assert deck.slides[0].headline == "Für Bayern"


def test_a_literal_override_is_data_while_a_set_override_is_rendered(write_content):
    path = write_content("- {kind: bullets, headline: 'Für {{ audience.company }}', points: [a]}")
    raw = read_content(path)
    apply_override(raw, "slides[0].points[0]", "{{ 6 * 7 }} Kunden", ("clients.csv:2", None))
    apply_override(raw, "audience.company", "{{ Acme }}", ("clients.csv:2", None), literal=True)
    deck = load_deck(raw=raw)
    assert deck.audience.company == "{{ Acme }}"
    # Inserted into a content string as a value, not rendered again.
    assert deck.slides[0].headline == "Für {{ Acme }}"
    assert deck.slides[0].points[0].text == "42\u00a0Kunden"


def test_a_client_variable_holding_a_tag_is_refused_where_a_string_reads_it(write_content):
    path = write_content("- {kind: bullets, headline: 'Für {{ client.region }}', points: [a]}")
    assert messages(path, client={"region": "{% for x in y %}", "notes": "{{ name }}"}) == [
        f"{path}:9: slides[0].headline: the client value 'region' ('{{% for x in y %}}') holds "
        "a template tag; client values are shown as written, never run: take the braces out "
        "of the cell"
    ]


def test_derived_figures_are_available_to_content_strings(write_content):
    path = write_content(
        """\
        - kind: cost_of_inaction
          headline: "{{ slide.revenue_at_risk_total | currency }} in Gefahr"
          customers: 1000
          share_lost: 0.05
          customer_lifetime_value: 2000
        - kind: bullets
          headline: "Pro Jahr {{ slides.cost_of_inaction.customers_lost_per_year }} Kunden"
          points: [a]
        """
    )
    deck = load_deck(path)
    assert deck.slides[0].headline == "300.000\u00a0€ in Gefahr"  # 1000 x 5 % x 2000 x 3 years
    # A number keeps the word after it on its line (no-break space).
    assert deck.slides[1].headline == "Pro Jahr 50\u00a0Kunden"


def test_content_that_is_not_a_mapping_is_rejected(tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    assert messages(path) == [
        f"{path}:1: the content file must be a mapping of fields (title:, slides:)"
    ]


def test_a_folder_given_as_content_says_so(tmp_path):
    assert messages(tmp_path) == [f"{tmp_path}: is a folder; give the content file inside it"]


def test_a_colour_that_is_not_hex_is_named_in_the_error(write_content):
    path = write_content("- {kind: bullets, headline: Hallo, points: [a]}")
    assert messages(path, overrides=["brand.accent=blue"]) == [
        "--set brand.accent: brand.accent: expected a colour like '#0B5CAD', got 'blue'"
    ]


def test_yaml_nested_too_deep_is_refused_not_crashed(tmp_path):
    # libyaml's composer segfaulted on this; deckgen stops at 50 levels, and newer PyYAML
    # releases stop even earlier in the scanner. Either way: one located line, no crash.
    path = tmp_path / "deep.yaml"
    path.write_text("title: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    (line,) = messages(path)
    assert line in (
        f"{path}:1: nested more than 50 levels deep",
        f"{path}:1: invalid YAML: exceeded maximum nesting depth",
    )


def test_yaml_nested_beyond_fifty_levels_is_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("title: " + "[" * 60 + "]" * 60 + "\n", encoding="utf-8")
    assert messages(path) == [f"{path}:1: nested more than 50 levels deep"]


def test_an_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 8)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert messages(path) == [f"{path}: more than 50,000 values (aliases expand too far)"]


def test_an_impossible_date_in_the_file_is_an_error_not_a_crash(tmp_path):
    path = tmp_path / "d.yaml"
    path.write_text("title: x\ndate: 2026-13-45\n", encoding="utf-8")
    (line,) = messages(path)
    assert line.startswith(f"{path}: cannot read a value (month must be in 1..12)")


def test_an_impossible_date_given_with_set_is_validated(write_content):
    path = write_content("- {kind: bullets, headline: Hallo, points: [a]}")
    (line,) = messages(path, overrides=["date=2026-02-30"])
    assert line.startswith("--set date: date: input should be a valid date")


def test_a_date_a_zip_file_cannot_record_is_refused(write_content):
    path = write_content("- {kind: bullets, headline: Hallo, points: [a]}")
    assert messages(path, overrides=["date=1970-01-01"]) == [
        "--set date: date: input should be greater than or equal to 1980-01-01"
    ]


def test_a_control_character_is_refused_where_it_was_typed(write_content):
    path = write_content("- {kind: bullets, headline: Hallo, points: [a]}")
    assert messages(path, overrides=["audience.company=Acme\x01Corp"]) == [
        "--set audience.company: audience.company: contains the control character U+0001, "
        "which a slide cannot show; remove it"
    ]


def test_not_a_number_is_refused(write_content):
    path = write_content(
        "- {kind: big_number, headline: x, stat: {value: 1, label: l, source: edelman}}"
    )
    assert messages(path, overrides=["slides[0].stat.value=.nan"]) == [
        "--set slides[0].stat.value: slides[0].stat.value: input should be a finite number"
    ]


def test_slides_see_deck_fields_as_rendered(write_content):
    path = write_content("- {kind: bullets, headline: 'Für {{ audience.company }}', points: [a]}")
    deck = load_deck(path, overrides=["audience.company={{ presenter.name }} Consulting"])
    assert deck.slides[0].headline == "Für Max Muster Consulting"


def test_a_huge_value_is_cut_in_its_message(write_content):
    path = write_content(
        "- {kind: cost_of_inaction, headline: x, customers: 10, share_lost: 0.1,"
        " customer_lifetime_value: 5}"
    )
    assert messages(path, overrides=["slides.cost_of_inaction.customers=" + "zwölf" * 200_000]) == [
        "--set slides.cost_of_inaction.customers: slides[0].customers: "
        "'zwölfzwölfzwölfzwölfzwölfzwölfzwölfzwöl…' is not a number"
    ]


def test_a_key_given_twice_in_a_content_file_is_an_error(write_content):
    path = write_content("- {kind: bullets, headline: Eins, headline: Zwei, points: [a]}")
    assert messages(path) == [f"{path}:9: headline: given twice, also on line 9; keep one of them"]
