"""The page's own words in the deck's language: field labels and help, slide kinds, buttons.

The fields themselves come from the content models; this table only names them for a marketer.
A test holds it to the models, so a new field cannot reach the page without a label.
"""

from __future__ import annotations

# field name -> (German, English)
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "accent": ("Akzentfarbe", "Accent colour"),
    "advantage": ("Vorsprung", "Lead"),
    "ask": ("Die Bitte", "The ask"),
    "attribution": ("Urheber", "Attribution"),
    "audience": ("Publikum", "Audience"),
    "author": ("Autor", "Author"),
    "body": ("Text", "Text"),
    "brand": ("Marke", "Brand"),
    "budget": ("Budget", "Budget"),
    "categories": ("Kategorien", "Categories"),
    "ceo_name": ("Name der CEO / des CEO", "CEO's name"),
    "ceo_role": ("Rolle", "Role"),
    "chart": ("Diagramm", "Chart"),
    "columns": ("Spalten", "Columns"),
    "company": ("Unternehmen", "Company"),
    "conclusion": ("Schlussfolgerung", "Conclusion"),
    "currency": ("Währung", "Currency"),
    "customer_lifetime_value": ("Kundenwert", "Customer lifetime value"),
    "customers": ("Kunden", "Customers"),
    "date": ("Datum", "Date"),
    "decision": ("Die Entscheidung", "The decision"),
    "direction": ("Richtung", "Direction"),
    "email": ("E-Mail", "E-mail"),
    "employees": ("Mitarbeitende", "Employees"),
    "engagement_multiplier": ("Engagement-Faktor", "Engagement multiplier"),
    "evidence": ("Beleg", "Evidence"),
    "example": ("Beispielwerte", "Example figures"),
    "figure": ("Kennzahl", "Figure"),
    "first_90_days": ("Die ersten 90 Tage", "The first 90 days"),
    "goals": ("Ziele", "Goals"),
    "heading": ("Überschrift", "Heading"),
    "headline": ("Aussage (Titel)", "Action title"),
    "highlight": ("Hervorheben", "Highlight"),
    "id": ("Kennung", "Id"),
    "industry": ("Branche", "Industry"),
    "label": ("Beschriftung", "Label"),
    "language": ("Sprache", "Language"),
    "lead": ("Einleitung", "Lead sentence"),
    "left": ("Links", "Left"),
    "logo": ("Logo", "Logo"),
    "name": ("Name", "Name"),
    "new_points": ("Punkte zur richtigen Frage", "Points for the right question"),
    "new_question": ("Die richtige Frage", "The right question"),
    "next_step": ("Nächster Schritt", "Next step"),
    "note": ("Anmerkung", "Note"),
    "notes": ("Sprechernotizen", "Speaker notes"),
    "old_points": ("Punkte zur üblichen Frage", "Points for the usual question"),
    "old_question": ("Die übliche Frage", "The usual question"),
    "original_title": ("Originaltitel", "Original title"),
    "owner": ("Verantwortlich", "Owner"),
    "participation": ("Beteiligung", "Participation"),
    "phases": ("Phasen", "Phases"),
    "pillars": ("Säulen", "Pillars"),
    "points": ("Punkte", "Points"),
    "posts_per_month": ("Beiträge pro Monat", "Posts per month"),
    "presenter": ("Vortragende Person", "Presenter"),
    "proposal": ("Vorschlag", "Proposal"),
    "publisher": ("Herausgeber", "Publisher"),
    "quote": ("Zitat", "Quote"),
    "reasons": ("Gründe", "Reasons"),
    "right": ("Rechts", "Right"),
    "role": ("Rolle", "Role"),
    "rows": ("Zeilen", "Rows"),
    "series": ("Datenreihen", "Series"),
    "share_lost": ("Abwanderung pro Jahr", "Share of customers lost per year"),
    "sharing_multiplier": ("Teilen-Faktor", "Sharing multiplier"),
    "source": ("Quelle", "Source"),
    "sources": ("Quellen", "Sources"),
    "stat": ("Kennzahl", "Figure"),
    "sub": ("Unterpunkte", "Sub-points"),
    "subtitle": ("Untertitel", "Subtitle"),
    "text": ("Text", "Text"),
    "timeframe": ("Zeitraum", "Timeframe"),
    "timeline": ("Zeitplan", "Timeline"),
    "title": ("Titel", "Title"),
    "topic": ("Agenda-Eintrag", "Agenda entry"),
    "trends": ("Trends", "Trends"),
    "type": ("Art", "Type"),
    "unit": ("Einheit", "Unit"),
    "url": ("Adresse (URL)", "Address (URL)"),
    "value": ("Wert", "Value"),
    "values": ("Werte", "Values"),
    "via": ("Zitiert nach", "Cited in"),
    "year": ("Jahr", "Year"),
    "years": ("Jahre", "Years"),
}

# field name -> (German, English) help under the input
FIELD_HELP: dict[str, tuple[str, str]] = {
    "headline": (
        "Ein ganzer Satz mit der Kernaussage, höchstens 90 Zeichen.",
        "A full sentence stating the takeaway, at most 90 characters.",
    ),
    "topic": (
        "Kurzer Eintrag für die Agenda; leer lassen, wenn die Folie nicht darin erscheint.",
        "A short entry for the agenda; leave empty to keep the slide out of it.",
    ),
    "notes": ("Was Sie zu dieser Folie sagen.", "What you say on this slide."),
    "customers": ("Aktive Kunden heute.", "Active customers today."),
    "share_lost": (
        "Anteil der Kunden, die pro Jahr zu Wettbewerbern mit Social-Media-Präsenz wechseln.",
        "Share of customers lost each year to competitors who are present on social media.",
    ),
    "customer_lifetime_value": ("Wert eines Kunden.", "The value of one customer."),
    "years": ("Über wie viele Jahre gerechnet wird (1–10).", "Years the sum covers (1–10)."),
    "employees": ("Mitarbeitende insgesamt.", "Employees in all."),
    "participation": (
        "Anteil der Mitarbeitenden, die Beiträge teilen.",
        "Share of employees who post.",
    ),
    "posts_per_month": (
        "Beiträge je beteiligter Person im Monat.",
        "Posts per participating employee per month.",
    ),
    "source": (
        "Die Quelle der Zahl, aus den Quellen der Präsentation.",
        "Where the figure comes from, one of the deck's sources.",
    ),
    "sources": ("Weitere zitierte Quellen.", "Further sources cited."),
    "example": (
        "Angekreuzt, solange die Zahlen Beispiele sind; die Folie sagt es dann.",
        "Ticked while the figures are examples; the slide then says so.",
    ),
    "proposal": (
        "Angekreuzt, wenn die Folie Ihren Vorschlag zeigt.",
        "Ticked when the slide shows your proposal.",
    ),
    "id": (
        "Name, unter dem andere Texte diese Folie ansprechen (slides.<kennung>).",
        "A name other texts address this slide by (slides.<id>).",
    ),
    "accent": ("Farbe wie #0B5CAD.", "A colour like #0B5CAD."),
    "logo": ("PNG oder JPEG, höchstens 20 MB.", "PNG or JPEG, at most 20 MB."),
    "budget": ("Betrag in der Währung der Präsentation.", "An amount in the deck's currency."),
    "via": (
        "Die Quelle, in der diese Quelle zitiert wird.",
        "The source in which this one is cited.",
    ),
    "highlight": (
        "Nummer der Kategorie in Akzentfarbe, ab 0.",
        "Number of the category in the accent colour, from 0.",
    ),
}

# slide kind -> (German, English)
KIND_LABELS: dict[str, tuple[str, str]] = {
    "title": ("Titel", "Title"),
    "executive_summary": ("Zusammenfassung", "Executive summary"),
    "agenda": ("Agenda", "Agenda"),
    "section": ("Kapitel", "Section"),
    "statement": ("Aussage", "Statement"),
    "bullets": ("Aufzählung", "Bullets"),
    "big_number": ("Große Zahl", "Big number"),
    "chart": ("Diagramm", "Chart"),
    "table": ("Tabelle", "Table"),
    "quote": ("Zitat", "Quote"),
    "comparison": ("Vergleich", "Comparison"),
    "pillars": ("Säulen", "Pillars"),
    "sources": ("Quellen", "Sources"),
    "closing": ("Abschluss", "Closing"),
    "risk_reframe": ("Risiko neu fragen", "Reframe the risk"),
    "information_advantage": ("Informationsvorsprung", "Information advantage"),
    "cost_of_inaction": ("Kosten des Nichtstuns", "Cost of inaction"),
    "employee_advocacy": ("Mitarbeitende als Botschafter", "Employees as ambassadors"),
    "executive_visibility": ("Sichtbare Führung", "Executive visibility"),
    "transformation_roadmap": ("Fahrplan", "Roadmap"),
    "market_trend": ("Markttrend", "Market trend"),
    "call_to_action": ("Die Bitte", "Call to action"),
}

# derived figure -> (German, English); a series (the cumulative revenue by year) is the chart's
DERIVED_LABELS: dict[str, tuple[str, str]] = {
    "customers_lost_per_year": ("Verlorene Kunden pro Jahr", "Customers lost per year"),
    "revenue_at_risk_per_year": ("Umsatz im Risiko pro Jahr", "Revenue at risk per year"),
    "revenue_at_risk_total": ("Umsatz im Risiko, kumuliert", "Revenue at risk, cumulative"),
    "ambassadors": ("Botschafter", "Ambassadors"),
    "posts_per_month_total": ("Beiträge pro Monat", "Posts per month"),
    "engagement_equivalent": (
        "Entspricht Unternehmens-Beiträgen (Engagement)",
        "Equals corporate posts (engagement)",
    ),
    "shares_equivalent": (
        "Entspricht Unternehmens-Beiträgen (Teilen)",
        "Equals corporate posts (shares)",
    ),
}

# the page's own words -> (German, English)
UI: dict[str, tuple[str, str]] = {
    "editor": ("Folien", "Slides"),
    "deck": ("Präsentation", "Deck"),
    "template": ("Vorlage", "Template"),
    "batch": ("Serienfertigung", "Batch"),
    "save": ("Speichern", "Save"),
    "saved": ("Gespeichert", "Saved"),
    "unsaved": ("Ungespeicherte Änderungen", "Unsaved changes"),
    "download_pptx": ("PowerPoint laden", "Download .pptx"),
    "download_pdf": ("PDF laden", "Download PDF"),
    "add_slide": ("Folie hinzufügen", "Add slide"),
    "add": ("Hinzufügen", "Add"),
    "remove": ("Entfernen", "Remove"),
    "remove_slide": ("Folie entfernen", "Remove slide"),
    "move_up": ("Nach oben", "Move up"),
    "move_down": ("Nach unten", "Move down"),
    "add_item": ("Eintrag hinzufügen", "Add item"),
    "derived": ("Berechnet", "Derived"),
    "derived_help": (
        "Aus den Eingaben berechnet, wie auf der Folie.",
        "Computed from the inputs, as on the slide.",
    ),
    "problems": ("Probleme", "Problems"),
    "no_problems": ("Keine Probleme", "No problems"),
    "other_slides": ("Auf anderen Folien", "On other slides"),
    "preview": ("Vorschau", "Preview"),
    "building": ("Vorschau wird erstellt …", "Building the preview …"),
    "preview_ready": ("Vorschau aktuell", "Preview up to date"),
    "preview_stale": (
        "Die Vorschau zeigt den letzten gültigen Stand.",
        "The preview shows the last valid version.",
    ),
    "build_failed": (
        "Die Präsentation lässt sich so nicht erstellen; die Vorschau zeigt den letzten "
        "erstellten Stand.",
        "The deck cannot be built as it is; the preview shows the last deck that was built.",
    ),
    "no_libreoffice": (
        "LibreOffice ist nicht installiert, daher keine Vorschaubilder; "
        "die PowerPoint-Datei lässt sich trotzdem laden.",
        "LibreOffice is not installed, so there are no preview images; "
        "the deck can still be downloaded.",
    ),
    "starter": ("Neu beginnen mit", "Start again from"),
    "starter_de": ("deutscher Vorlage", "the German starter"),
    "starter_en": ("englischer Vorlage", "the English starter"),
    "starter_confirm": (
        "Den Inhalt durch die Vorlage ersetzen? Ungespeicherte Änderungen gehen verloren.",
        "Replace the content with the starter? Unsaved changes are lost.",
    ),
    "remove_confirm": ("Diese Folie entfernen?", "Remove this slide?"),
    "disk_changed": (
        "wurde auf der Festplatte geändert.",
        "was changed on disk.",
    ),
    "load_disk": ("Fassung der Datei laden", "Load the file's version"),
    "keep_mine": ("Meine behalten und überschreiben", "Keep mine and overwrite"),
    "upload_template": ("Vorlage hochladen (.pptx, .potx)", "Upload a template (.pptx, .potx)"),
    "shipped_template": ("Mitgelieferte Vorlage verwenden", "Use the shipped template"),
    "in_use": ("Verwendet", "In use"),
    "upload_table": (
        "Kundentabelle hochladen (CSV, XLSX)",
        "Upload a client table (CSV, XLSX)",
    ),
    "row": ("Zeile", "Row"),
    "client": ("Kunde", "Client"),
    "result": ("Ergebnis", "Result"),
    "ok": ("in Ordnung", "OK"),
    "build_all": ("Alle Präsentationen erstellen", "Build all decks"),
    "download_zip": ("Präsentationen laden (.zip)", "Download the decks (.zip)"),
    "download_report": ("Bericht laden (report.json)", "Download the report (report.json)"),
    "upload_logo": ("Logo hochladen", "Upload a logo"),
    "remove_logo": ("Logo entfernen", "Remove the logo"),
    "none": ("keine", "none"),
    "new_file": ("neu, Speichern legt die Datei an", "new, Save creates the file"),
    "slide": ("Folie", "Slide"),
    "choose": ("wählen …", "choose …"),
    "built": ("erstellt", "built"),
    "failed": ("fehlgeschlagen", "failed"),
    "skipped": ("unverändert", "up to date"),
    "rows_checked": ("Zeilen geprüft", "rows checked"),
    "decks_built": ("Präsentationen erstellt", "decks built"),
    "inspect": ("Was deckgen inspect sagt", "What deckgen inspect says"),
    "deck_panel": (
        "Publikum, Vortragende, Marke, Quellen",
        "Audience, presenter, brand, sources",
    ),
}


def pick(pair: tuple[str, str], language: str) -> str:
    """Return the German or English word of a pair."""
    return pair[0] if language == "de" else pair[1]


def ui(language: str) -> dict[str, str]:
    """Return the page's words in a language."""
    return {key: pick(pair, language) for key, pair in UI.items()}
