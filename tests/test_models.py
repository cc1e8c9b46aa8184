"""The content model: derived figures, sources, readability limits."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from deckgen.models import CostOfInaction, Deck, EmployeeAdvocacy, MarketTrend, Statistic


def edelman(value: float) -> dict:
    return {"value": value, "unit": "multiple", "label": "x", "source": "edelman"}


def test_cost_of_inaction_derives_lost_customers_and_revenue():
    slide = CostOfInaction(
        headline="h", customers=4800, share_lost=0.025, customer_lifetime_value=12_500, years=4
    )
    assert slide.customers_lost_per_year == 120
    assert slide.revenue_at_risk_per_year == 1_500_000
    assert slide.revenue_at_risk_total == 6_000_000
    assert slide.cumulative_revenue_at_risk == [1_500_000, 3_000_000, 4_500_000, 6_000_000]


def test_employee_advocacy_derives_reach_from_the_multipliers():
    slide = EmployeeAdvocacy(
        headline="h",
        employees=1500,
        participation=0.2,
        posts_per_month=3,
        engagement_multiplier=edelman(8),
        sharing_multiplier=edelman(25),
    )
    assert slide.ambassadors == 300
    assert slide.posts_per_month_total == 900
    assert slide.engagement_equivalent == 7200
    assert slide.shares_equivalent == 22500


def test_unsourced_statistic_is_rejected():
    with pytest.raises(ValidationError) as err:
        Statistic(value=8, unit="multiple", label="Engagement")
    assert err.value.errors()[0]["loc"] == ("source",)
    assert err.value.errors()[0]["type"] == "missing"


def deck_data(**slide) -> dict:
    return {
        "title": "t",
        "language": "en",
        "date": "2026-12-01",
        "audience": {"company": "Acme", "ceo_name": "Jane"},
        "presenter": {"name": "Max", "role": "CMO"},
        "sources": [{"id": "edelman", "publisher": "Edelman", "title": "Trust Barometer"}],
        "slides": [{"kind": "bullets", "headline": "h", "points": ["a"], **slide}],
    }


def test_citation_of_an_undeclared_source_is_found():
    deck = Deck.model_validate(deck_data(sources=["edelman", "gartner"]))
    assert deck.unknown_source_refs() == [(("slides", 0, "sources", 1), "gartner")]


def test_limits_apply_to_rendered_text_only():
    long = "word " * 20
    Deck.model_validate(deck_data(points=[long]))  # still a template: not judged yet
    with pytest.raises(ValidationError) as err:
        Deck.model_validate(deck_data(points=[long]), context={"rendered": True})
    assert err.value.errors()[0]["type"] == "too_many_words"


def test_more_than_five_bullets_is_rejected():
    with pytest.raises(ValidationError) as err:
        Deck.model_validate(deck_data(points=list("abcdef")))
    assert err.value.errors()[0]["type"] == "too_long"


def test_unknown_field_is_rejected():
    with pytest.raises(ValidationError) as err:
        Deck.model_validate(deck_data(headlin="typo"))
    assert err.value.errors()[0]["type"] == "extra_forbidden"


def test_bullets_accept_strings_and_nested_items():
    deck = Deck.model_validate(deck_data(points=["a", {"text": "b", "sub": ["c"]}]))
    points = deck.slides[0].points
    assert [(p.text, p.sub) for p in points] == [("a", []), ("b", ["c"])]


def chart_deck(**chart) -> dict:
    data = deck_data()
    data["slides"] = [
        {
            "kind": "chart",
            "headline": "h",
            "chart": {
                "categories": ["a", "b"],
                "series": [{"name": "s", "values": [1, 2]}],
                "source": "edelman",
                **chart,
            },
        }
    ]
    return data


def test_a_chart_needs_one_value_per_category():
    with pytest.raises(ValidationError, match="series 's' has 3 values for 2 categories"):
        Deck.model_validate(chart_deck(series=[{"name": "s", "values": [1, 2, 3]}]))


def test_a_highlight_must_be_one_of_the_categories():
    with pytest.raises(ValidationError, match="highlight 2 is past the last category"):
        Deck.model_validate(chart_deck(highlight=2))


def test_a_table_row_cannot_have_more_cells_than_columns():
    data = deck_data()
    data["slides"] = [{"kind": "table", "headline": "h", "columns": ["a"], "rows": [["1", "2"]]}]
    with pytest.raises(ValidationError, match="row 0 has 2 cells for 1 columns"):
        Deck.model_validate(data)


def test_ids_are_unique():
    data = deck_data()
    data["sources"].append(dict(data["sources"][0]))
    with pytest.raises(ValidationError, match="source id used twice: edelman"):
        Deck.model_validate(data)


def test_a_title_too_long_for_the_documents_properties_is_a_validation_error(write_content):
    """PowerPoint keeps at most 255 characters of a title, author or subject; a longer one
    (a client table's title column) used to pass validate and crash the build."""
    from deckgen.content import load_deck
    from deckgen.errors import ContentError

    path = write_content("- {kind: bullets, headline: Hallo, points: [a]}")
    with pytest.raises(ContentError) as err:
        load_deck(path, overrides=["title=" + "x" * 256])
    assert "title: " in str(err.value) and "255" in str(err.value)
    assert load_deck(path, overrides=["title=" + "x" * 255]).title == "x" * 255


def test_an_omitted_list_is_each_slides_own():
    one, other = (MarketTrend(headline="h", points=["p"]) for _ in range(2))
    one.trends.append(other)  # type: ignore[arg-type]
    assert len(one.trends) == 1
    assert other.trends == []
    assert MarketTrend(headline="h", points=["p"]).trends == []
