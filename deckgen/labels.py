"""The few words deckgen itself puts on slides, per deck language.

Everything else on a slide comes from the content file; these are the fixed words of generated
parts (agenda, sources slide, chart labels, footers) and are available to content and template
strings as ``{{ labels.<name> }}``.
"""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "de": {
        "agenda": "Agenda",
        "sources": "Quellen",
        "source": "Quelle",
        "example": "Beispielzahlen – durch eigene Werte ersetzen",
        "prepared_for": "Erstellt für",
        "confidential": "Vertraulich",
        "year": "Jahr",
        "corporate_account": "Unternehmens-Account",
        "employees": "Mitarbeitende",
        "engagement": "Engagement-Rate",
        "shares": "Geteilte Beiträge",
        "revenue_at_risk": "Gefährdeter Umsatz (kumuliert)",
        "phase": "Phase",
        "timeframe": "Zeitraum",
        "goals": "Ziele",
        "decision": "Die Entscheidung",
        "budget": "Budget",
        "timeline": "Zeitplan",
        "owner": "Verantwortlich",
        "first_90_days": "Die ersten 90 Tage",
    },
    "en": {
        "agenda": "Agenda",
        "sources": "Sources",
        "source": "Source",
        "example": "Example figures – replace with your own",
        "prepared_for": "Prepared for",
        "confidential": "Confidential",
        "year": "Year",
        "corporate_account": "Corporate account",
        "employees": "Employees",
        "engagement": "Engagement rate",
        "shares": "Shares",
        "revenue_at_risk": "Revenue at risk (cumulative)",
        "phase": "Phase",
        "timeframe": "When",
        "goals": "Goals",
        "decision": "The decision",
        "budget": "Budget",
        "timeline": "Timeline",
        "owner": "Owner",
        "first_90_days": "The first 90 days",
    },
}
