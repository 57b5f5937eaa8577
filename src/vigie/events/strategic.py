"""Strategic developments: meetings, agreements, bases. Context for a reviewer, not incidents.

A sentence with a strategic cue and a place (a city, not just a country) gives one mention,
dated like any event. Plans are kept out as for violence ("déploierait jeudi" is not an event).
"""

from __future__ import annotations

import datetime as dt

from vigie.events.actors import UNIDENTIFIED
from vigie.events.cues import category_patterns, compiled, event_patterns, find_cues, find_named
from vigie.events.places import display_name, find_places
from vigie.events.timing import event_date
from vigie.model import Mention, Span


def strategic_mentions(doc_id: str, spacy_doc, published: dt.date | None, lang: str = "fr") -> list[Mention]:
    patterns = category_patterns(lang, "strategic_cues.txt")
    out: list[Mention] = []
    from vigie.events.extract import location_entities

    places_by_sentence = None
    for sent in spacy_doc.sents:
        text = sent.text.replace("’", "'")
        cues = find_cues(text, patterns)
        if not cues or find_cues(text, event_patterns(lang)) or compiled(lang, "event_blockers.txt").search(text):
            continue
        base = sent.start_char
        if places_by_sentence is None:
            places_by_sentence = location_entities(spacy_doc)
        ents = places_by_sentence.get(sent.start_char, [])
        actors = find_named(text, lang, "actors.txt")
        places = find_places(text, ents, [(a.start, a.end) for a in actors], lang, strategic=True)
        if not places:
            continue
        place, cue = places[0], cues[0]
        date = event_date(text, published, None, lang)
        p = place.place
        out.append(Mention(
            doc_id=doc_id,
            sentence=Span(doc_id, sent.start_char, sent.end_char, sent.text),
            category="strategic",
            event_type="Strategic developments",
            sub_event_type=cue.category,
            actor1=next((a.category for a in actors if not a.category.startswith("@")), UNIDENTIFIED),
            location=display_name(p.name), country=p.country, country_code=p.country_code, admin1=p.admin1, latitude=p.lat, longitude=p.lon,
            geo_precision=place.precision, geonameid=p.geonameid,
            place_span=Span(doc_id, base + place.start, base + place.end, place.text),
            event_date=date.start.isoformat() if date.start else None,
            event_date_end=date.end.isoformat() if date.end else None,
            date_precision=date.precision if date.start else "unknown",
            date_strong=date.strong,
        ))
    return out

