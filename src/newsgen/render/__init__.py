"""SiteData -> files: every page is rendered through a Jinja template of the active theme.

The parts, each importable on its own:

- `pages`: the page plan (which files the site has, their templates, contexts and sources) and list pagination;
- `urls`: each page's place and the relative links between pages;
- `theme`: the Jinja environment, the Renderer and template problems; `filters`: the labels and
  formatting the templates use; `highlight`: claims, figures and dates marked in an article's words;
- `exports`: the data files (JSON, JSON Lines, CSV) and the XML helpers; `schema`: their JSON Schema;
- `writing`: rendering and writing pages, in parallel for a large site, and copying assets.

A test or tool that replaces a name must replace it in the module that uses it (`newsgen.render.pages`,
not `newsgen.render`): the names here are only re-exported.
"""

from __future__ import annotations

from ..export import layered_json, site_article_record, speaker_record, with_claim_ids
from .exports import (CSV_FIELDS, XML_FORBIDDEN, article_json, claims_csv, claims_json, claims_jsonl, csv_cell, feed_id, figures_json,
                      quantity_record, speakers_json, xml_safe)
from .filters import (KEY_KINDS, QUALIFIER_WORDS, SAFE_SCHEMES, TYPE_LABELS, UNIT_WORDS, by_period, by_story, compact_number, date_context,
                      date_label, figure_label, format_number, groupby_article, iso_datetime, key_claims, key_quantities, kind_label, reading,
                      safe_url, series)
from .highlight import EMPHASIS_ELEMENTS, _Mark, _nest, article_marks, assign_marks, block_marks, highlight, inline_marks
from .pages import (LIST_PAGE_SIZE, QUANTITIES_PAGE_SIZE, SITEMAP_SKIPS, SPEAKER_PAGE_SIZE, STORY_PAGE_SIZE, TIMELINE_PAGE_SIZE, Page, Pager,
                    briefing_dates, figure_pages, paginate, plan_pages, quantity_urls, sitemap, story_deps)
from .schema import claims_schema
from .theme import Renderer, check_templates, make_env, template_problem
from .urls import article_url, relative_url, speaker_url, story_url, tag_url
from .writing import CHUNK_PAGES, PARALLEL_MIN_PAGES, asset_files, copy_assets, write_pages

__all__ = [
    "CHUNK_PAGES", "CSV_FIELDS", "EMPHASIS_ELEMENTS", "KEY_KINDS", "LIST_PAGE_SIZE", "PARALLEL_MIN_PAGES", "QUALIFIER_WORDS",
    "QUANTITIES_PAGE_SIZE", "SAFE_SCHEMES", "SITEMAP_SKIPS", "SPEAKER_PAGE_SIZE", "STORY_PAGE_SIZE", "TIMELINE_PAGE_SIZE",
    "TYPE_LABELS", "UNIT_WORDS", "XML_FORBIDDEN", "Page", "Pager", "Renderer", "_Mark", "_nest", "article_json", "article_marks",
    "article_url", "asset_files", "assign_marks", "block_marks", "briefing_dates", "by_period", "by_story", "check_templates",
    "claims_csv", "claims_json", "claims_jsonl", "claims_schema", "compact_number", "copy_assets", "csv_cell", "date_context",
    "date_label", "feed_id", "figure_label", "figure_pages", "figures_json", "format_number", "groupby_article", "highlight",
    "inline_marks", "iso_datetime", "key_claims", "key_quantities", "kind_label", "layered_json", "make_env", "paginate",
    "plan_pages", "quantity_record", "quantity_urls", "reading", "relative_url", "safe_url", "series",
    "site_article_record", "sitemap", "speaker_record", "speaker_url", "speakers_json", "story_deps", "story_url", "tag_url",
    "template_problem", "with_claim_ids", "write_pages", "xml_safe",
]
