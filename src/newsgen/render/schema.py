"""The JSON Schema of the site's data files, derived from the model's dataclasses where it can be."""

from __future__ import annotations

from typing import Any, get_args, get_type_hints

from ..config import Config
from ..export import with_claim_ids
from ..model import CLAIM_KINDS, SPEAKER_TYPES, Claim, DateRef, Figure


_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


def _record_schema(cls: type, descriptions: dict[str, str], enums: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    """Derived from the dataclass itself, so the schema cannot drift from what the export writes."""
    props: dict[str, Any] = {}
    for name, hint in get_type_hints(cls).items():
        args = [a for a in get_args(hint) if a is not type(None)] or [hint]
        kind: Any = _JSON_TYPES[args[0]]
        if type(None) in get_args(hint):
            kind = [kind, "null"]
        props[name] = {"type": kind}
        if enums and name in enums:
            props[name]["enum"] = list(enums[name])
        if name in descriptions:
            props[name]["description"] = descriptions[name]
    return {"type": "object", "required": list(props), "additionalProperties": False, "properties": props}


def _list_file(description: str, key: str, item: str) -> dict[str, Any]:
    """A data file that is one list of records under `key`, each as `#/$defs/ITEM` describes."""
    return {"type": "object", "description": description, "required": [key], "additionalProperties": False,
            "properties": {key: {"type": "array", "items": {"$ref": f"#/$defs/{item}"}}}}


def _with_ids(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim of the site's exports: the extractor's record with its `id` and `speaker_id`."""
    props = with_claim_ids(claim["properties"],
                           {"type": "string", "description": "Stable id of the claim: its anchor on the article page (articles/SLUG/#ID)"},
                           {"type": ["string", "null"], "description": "The claim's speaker page is speakers/SPEAKER_ID/ (see speakers.json); null when the claim has no speaker page"})
    return {**claim, "required": list(props), "properties": props}


def claims_schema(config: Config) -> dict[str, Any]:
    """JSON Schema (2020-12) of claims.json; each per-article claims.json is one `#/$defs/article`."""
    offsets = "Character offset into the article's plain-text body"
    nullable = lambda t: {"type": [t, "null"]}  # noqa: E731
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{config.title}: claims export",
        "description": "Who said what in each article, with the figures and dates found in it. Offsets index the article body as plain text.",
        "type": "object",
        "required": ["articles"],
        "properties": {"articles": {"type": "array", "items": {"$ref": "#/$defs/article"}}},
        "$defs": {
            "article": {
                "type": "object",
                "required": ["path", "slug", "title", "date", "source", "author", "tags", "claims", "figures", "dates"],
                "additionalProperties": False,
                "properties": {
                    "path": {"type": "string", "description": "The article file, relative to the project"},
                    "slug": {"type": "string", "description": "The article page is articles/SLUG/"},
                    "title": {"type": "string"},
                    "date": {"type": ["string", "null"], "format": "date"},
                    "source": {**nullable("string"), "description": "Front matter `source` (or `url`)"},
                    "author": nullable("string"),
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "claims": {"type": "array", "items": {"$ref": "#/$defs/claim"}},
                    "figures": {"type": "array", "items": {"$ref": "#/$defs/figure"}},
                    "dates": {"type": "array", "items": {"$ref": "#/$defs/date"}},
                },
            },
            "claim": _with_ids(_record_schema(Claim, {
                "speaker": "Who made the claim, as written; null when unattributed",
                "text": "The quoted or reported words; equals body[start:end]",
                "start": offsets, "end": offsets, "sentence_start": offsets, "sentence_end": offsets,
                "cue": "The reporting verb or phrase, such as `said` or `according to`",
                "rule": "The named extraction rule that made the claim (see newsgen.extract.rules), then `+` and the rule that chose the speaker when another one did",
            }, {"kind": CLAIM_KINDS, "speaker_type": SPEAKER_TYPES})),
            "figure": _record_schema(Figure, {
                "value": "The number, normalised (3,000 -> 3000; $50 billion -> 50000000000)",
                "value_max": "Upper end of a range, when the figure is one",
                "claim": "Index into this article's claims of the claim the figure belongs to",
                "start": offsets, "end": offsets,
                "counted": "What the figure counts, in the article's words (`Artsakh soldiers killed`); null when nothing identifiable",
                "quantity": "Key shared by the figures of one quantity: the unit's dimension, `|`, then the lemmas of what is counted (`count|artsakh killed troop`)",
                "scope": "Whose or where the count is (`Samoa`, `Donald Trump`), when the sentence says",
                "date_at": "Character offset of the date word the figure's clause is tied to; the date containing it is the time the figure refers to",
            }),
            "date": _record_schema(DateRef, {
                "resolved": "ISO 8601 date, month or year, or START/END for a range; null when it could not be resolved",
                "start": offsets, "end": offsets,
            }),
            "figures": _list_file("figures.json: every quantity the articles give a value of, story by story", "quantities", "quantity"),
            "quantity": {
                "type": "object",
                "required": ["id", "story", "counted", "key", "scope", "dimension", "sources_differ", "series"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "description": "Stable id of the quantity"},
                    "story": {"type": ["string", "null"], "description": "The story page is stories/STORY/; null for a story of one article"},
                    "counted": {"type": "string", "description": "What is counted, as the articles say it most often"},
                    "key": {"type": "string", "description": "The figures' `quantity` key"},
                    "scope": {"type": ["string", "null"], "description": "Whose or where the count is"},
                    "dimension": {"type": "string", "description": "`count`, a currency code, `percent` or a measure (a rate adds `per ...`)"},
                    "sources_differ": {"type": "boolean", "description": "Whether sources differ at some date"},
                    "series": {"type": "array", "description": "The quantity's values by the date they refer to, in date order", "items": {
                        "type": "object",
                        "required": ["date", "sources_differ", "figures", "differing"],
                        "additionalProperties": False,
                        "properties": {
                            "date": {"type": "string", "description": "The date the figures refer to (ISO 8601 day, month, year or START/END)"},
                            "sources_differ": {"type": "boolean", "description": "Different sources give values here that cannot all be true"},
                            "figures": {"type": "array", "items": {
                                "type": "object",
                                "required": ["id", "article", "text", "value", "value_max", "qualifier", "unit", "speaker_id", "url"],
                                "additionalProperties": False,
                                "properties": {
                                    "id": {"type": "string", "description": "The figure's anchor on its article page"},
                                    "article": {"type": "string", "description": "Slug of the article"},
                                    "text": {"type": "string"}, "value": {"type": ["number", "null"]}, "value_max": {"type": ["number", "null"]},
                                    "qualifier": {"type": ["string", "null"]}, "unit": {"type": ["string", "null"]},
                                    "speaker_id": {"type": ["string", "null"], "description": "Speaker page of the claim the figure is in; null for the article's own voice"},
                                    "url": {"type": "string", "description": "The figure's permalink, relative to the site"},
                                },
                            }},
                            "differing": {"type": "array", "items": {"type": "string"}, "description": "Ids of the figures that another source contradicts"},
                        },
                    }},
                },
            },
            "speakers": _list_file("speakers.json: every speaker page", "speakers", "speaker"),
            "speaker": {
                "type": "object",
                "required": ["id", "name", "type", "unnamed", "roles", "aliases", "claims", "articles"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "description": "The speaker page is speakers/ID/; a claim's `speaker_id`"},
                    "name": {"type": "string", "description": "The name the page goes by: the fullest form the articles use most"},
                    "type": {"type": "string", "enum": list(SPEAKER_TYPES), "description": "`place` is a government named by its country or capital"},
                    "unnamed": {"type": "boolean", "description": "A description (\"officials\"), the same speaker within its one article only"},
                    "roles": {"type": "array", "items": {"type": "string"}, "description": "Roles and titles the articles give the speaker"},
                    "aliases": {"type": "array", "items": {"type": "string"}, "description": "Every way the articles name the speaker, as the claims' `speaker` writes it"},
                    "claims": {"type": "integer", "description": "How many claims the speaker makes"},
                    "articles": {"type": "array", "items": {"type": "string"}, "description": "Slugs of the articles the speaker is quoted in"},
                },
            },
        },
    }
    if config.site_url:
        schema["$id"] = config.site_url + "claims.schema.json"
    return schema
