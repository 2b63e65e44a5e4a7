"""Does a trained speaker chooser beat the rules? A linear ranker over candidate speakers, measured on PolNeAR.

usage: python bench/speaker_model.py [--train train] [--eval dev] [--seed 0] [--label span|string|either] [--cache DIR] [--fresh]

For every gold *speech* attribution with a name or pronoun Source that the current extractor finds
(score-polnear's lenient overlap; the claim is the scorer's best match, so the rules' figures here are
exactly its `source_acc_names` / `source_acc_pronouns`), the mentions that could be its speaker are
collected: named entities (PERSON, ORG, GPE, NORP), personal pronouns, and noun heads that are
subjects of a verb or objects/agents of a speech cue, in the claim's sentence(s), the three sentences
before and, for a claim that ends its paragraph, the sentence after. A candidate is labelled positive
when it overlaps the gold Source span (for a pronoun Source that is the pronoun itself). Each
candidate's speaker string is the extractor's own reading of it (`speakers.describe` on the article
memory the extraction built: surnames expanded, pronouns resolved), so choosing a candidate gives a
speaker the scorer can test with its own `name_ok` / `pronoun_ok`.

A softmax ranker (numpy, L2, full-batch Adam, fixed seed) is trained on the train split; the hybrid
lets the model override the rules only when its probability margin over the rules' own choice exceeds
a threshold picked by 5-fold cross-validation on train (by article); the fallback lets it speak only
where the rules gave no speaker. Dev is read by aggregate figures only.

Prints, per split: rules vs model vs hybrid vs fallback accuracy for name and pronoun Sources, the
claims each wins and loses against the rules (with a sign test), the ceilings (gold Source among the
candidates; some candidate's speaker string correct), pronoun selection and resolution separately,
per-feature weights, and the cost per claim.

`--label string` trains on "the candidate's speaker string passes the scorer's test" instead of "it
overlaps the gold Source". For pronoun Sources that learns the scorer's proxy rather than resolution:
`pronoun_ok` accepts any speaker whose last word appears capitalised in the three sentences before,
so picking a nearby name instead of the pronoun scores well whether or not it is the right person.

Reuses bench/rules.py's loading and Doc cache (/tmp/newsgen-bench-rules); instances are cached under
--cache keyed by the extractor's sources and this script, so a re-run after a rule change re-extracts.
The test split is never read.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import math
import pickle
import sys
import tempfile
import time
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]


def _bench_rules() -> Any:
    """bench/rules.py as a module: its loaders, its Doc cache, its import of score-polnear."""
    if "bench_rules" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench_rules", ROOT / "bench" / "rules.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["bench_rules"] = module
        spec.loader.exec_module(module)
    return sys.modules["bench_rules"]


BR = _bench_rules()
SP = BR.SP
# bench/rules.py runs as __main__, so its cached gold pickles name `__main__.Sentences`: read and
# write them under that name, so that the cache stays one file that both scripts can load.
for _cls in (BR.Sentences, BR._Bound):
    _cls.__module__ = "__main__"
    setattr(sys.modules["__main__"], _cls.__name__, _cls)

from newsgen.extract import quotes as Q  # noqa: E402
from newsgen.extract import rules as R  # noqa: E402
from newsgen.extract import speakers as S  # noqa: E402
from newsgen.extract.candidates import TokenIndex  # noqa: E402
from newsgen.extract.cues import INDIRECT_VERBS, QUOTE_VERBS  # noqa: E402

SPLITS = ("train", "dev")
CUE_LEMMAS = frozenset(SP.SPEECH_WORDS) | QUOTE_VERBS | INDIRECT_VERBS
ENT_LABELS = ("PERSON", "ORG", "GPE", "NORP")
PRONOUNS = {"he": "he", "him": "he", "she": "she", "her": "she", "they": "they", "them": "they",
            "it": "it", "i": "i", "we": "we", "us": "we", "me": "i"}
SUBJ = {"nsubj", "nsubjpass"}
DEPS = ("nsubj", "nsubjpass", "dobj", "pobj", "dative", "appos", "conj", "compound", "poss", "attr", "ROOT", "npadvmod")
WINDOW_BEFORE = 3
CV_FOLDS = 5

# --- extraction, with the rules' own choice recorded ------------------------------------------------


class _Hooks:
    """Wraps two names inside quotes.py (not edited): the article memory the extraction builds, and per
    claim the cue and subject token the rules chose. Only observes; results are unchanged."""

    def __init__(self) -> None:
        self.memory: Any = None
        self.info: dict[int, tuple[int | None, int | None]] = {}
        self.ok = hasattr(Q, "build_memory") and hasattr(Q, "_to_claim")
        if not self.ok:
            return
        build, to_claim = Q.build_memory, Q._to_claim

        def build_memory(*a: Any, **k: Any) -> Any:
            self.memory = build(*a, **k)
            return self.memory

        def _to_claim(index: Any, body: str, c: Any) -> Any:
            claim = to_claim(index, body, c)
            cue = getattr(c, "cue", None)
            subj = getattr(c, "subject", None)
            self.info[id(claim)] = (cue.i if cue is not None else None, subj.i if subj is not None else None)
            return claim

        Q.build_memory, Q._to_claim = build_memory, _to_claim


@dataclass
class Instance:
    """One found gold attribution with a name/pronoun Source: its candidates' features and outcomes."""

    stem: str
    kind: str  # name / pronoun
    claim_kind: str
    rules_ok: bool
    feats: np.ndarray  # (n_cand, n_feat)
    pos: np.ndarray  # bool, overlaps the gold Source
    ok: np.ndarray  # bool, the candidate's speaker string passes the scorer's test
    rules_mark: np.ndarray  # bool, the rules chose this candidate
    pron_pos: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))  # pronoun candidates overlapping a pronoun Source
    rule: str = ""  # the claim's `rule` ("made+speaker rule")
    rules_none: bool = False  # the rules gave no speaker
    # for reading train instances only (dev is read by aggregate figures): candidate strings, gold Source, rules' speaker, sentence
    names: tuple = ()
    src: str = ""
    speaker: str | None = None
    sentence: str = ""


FEATURES: list[str] = []


def _fi(name: str) -> int:
    return _FI[name]


def _feature_names() -> list[str]:
    names = ["before_claim", "after_claim", "logdist_before", "logdist_after", "near3", "near10", "near30",
             "logdist_claim_edge", "sent_0", "sent_-1", "sent_-2", "sent_-3", "sent_+1", "same_para", "prev_para",
             *(f"dep_{d}" for d in DEPS), "dep_other",
             "subj_of_cue", "obj_of_cue", "agent_of_cue", "according_to_obj", "child_of_cue", "path_len", "no_path",
             "subj_of_speech_verb", "subj_of_any_verb", "subj_main_clause",
             *(f"ent_{e}" for e in ENT_LABELS), "ent_none", "pos_PROPN", "pos_NOUN", "pos_PRON",
             "pron_he", "pron_she", "pron_they", "pron_it", "pron_i_we",
             "in_quote", "log_prior_mentions", "log_article_mentions", "first_mention",
             "rules_subject", "rules_name", "no_string", "type_person", "type_org", "type_group", "type_place",
             "nearest_before", "nearest_person_before", "nearest_after", "dist_rank1", "dist_rank2",
             "direct_x_sent0", "direct_x_after", "indirect_x_subj_cue", "according_x_obj", "nocue_x_sent-1",
             "nocue_x_before", "partial_x_subj_main", "rules_subject_x_direct", "rules_name_x_nocue",
             "prev_claim_speaker", "next_claim_speaker", "multiword_name", "rulesnone_x_sent0", "rulesnone_x_subj_speech"]
    return names


FEATURES = _feature_names()
_FI = {n: i for i, n in enumerate(FEATURES)}


def _sent_of(index: TokenIndex, i: int) -> int:
    return bisect_right(index.sent_starts, i) - 1


def _path_len(a: Any, b: Any) -> int | None:
    """Dependency path length between two tokens of one sentence."""
    up: dict[int, int] = {}
    t, d = a, 0
    for _ in range(40):
        up[t.i] = d
        if t.head.i == t.i:
            break
        t, d = t.head, d + 1
    t, d = b, 0
    for _ in range(40):
        if t.i in up:
            return up[t.i] + d
        if t.head.i == t.i:
            break
        t, d = t.head, d + 1
    return None


def _is_cue(tok: Any) -> bool:
    return tok.pos_ in {"VERB", "AUX", "NOUN"} and tok.lemma_.lower() in CUE_LEMMAS


def _cand_heads(doc: Any, lo: int, hi: int, claim_tokens: range, allowed: set[int]) -> dict[int, tuple[int, int, str]]:
    """Candidate head token -> (char start, char end, entity label or '') within tokens [lo, hi)."""
    out: dict[int, tuple[int, int, str]] = {}
    for ent in doc.ents:
        if ent.label_ not in ENT_LABELS or ent.start < lo or ent.end > hi or ent.start not in allowed:
            continue
        if ent.start in claim_tokens and (ent.end - 1) in claim_tokens:
            continue
        out[ent.root.i] = (ent.start_char, ent.end_char, ent.label_)
    for t in doc[lo:hi]:
        if t.i in out or t.i in claim_tokens or t.i not in allowed:
            continue
        low = t.lower_
        if t.tag_ == "PRP" and low in PRONOUNS and t.dep_ in SUBJ | {"dobj", "pobj", "dative"}:
            out[t.i] = (t.idx, t.idx + len(t), "")
        elif t.pos_ in {"NOUN", "PROPN"}:
            head = t.head
            subj = t.dep_ in SUBJ
            cue_obj = t.dep_ in {"dobj", "dative"} and _is_cue(head)
            agent = t.dep_ == "pobj" and head.dep_ in {"agent", "prep"} and head.lower_ in {"by", "to", "from"} and _is_cue(head.head)
            according = t.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according"
            if subj or cue_obj or agent or according:
                span = S.noun_phrase(t)
                out[t.i] = (span.start_char, span.end_char, "")
    return out


def _align(body: str, raw: str) -> list[int] | None:
    """For each character of `body` (and its end), its offset in `raw`, when `body` is `raw` less some characters."""
    out, j = [], 0
    for ch in body:
        while j < len(raw) and raw[j] != ch:
            j += 1
        if j == len(raw):
            return None
        out.append(j)
        j += 1
    out.append(len(raw))
    return out


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(min(a[1], e) > max(a[0], s) for s, e in spans)


def article_instances(article: Any, doc: Any, art: Any, hooks: _Hooks) -> tuple[list[Instance], Any, float]:
    """Extract claims as the rules do, then one Instance per found name/pronoun speech attribution."""
    hooks.info.clear()
    claims = Q.extract_claims(doc, article.blocks)
    preds = BR.preds_of(art, claims)
    counts = BR.count(art, preds)  # bench/rules.py's own figures for this article, to check ours against
    raw_of = _align(doc.text, art.text)  # the body drops control characters the corpus text keeps
    if raw_of is None:
        return [], counts, 0.0
    t0 = time.perf_counter()
    memory = hooks.memory
    index = TokenIndex(doc)
    text = doc.text
    raw_mask = SP.quote_mask(art.text)
    mask = [raw_mask[j] for j in raw_of[:-1]]
    paragraphs = [b for b in article.blocks if b.kind == "paragraph"]
    para_starts = [b.start for b in paragraphs]
    allowed = set()
    for b in paragraphs:
        allowed.update(index.range(b.start, b.end))
    # capitalised word -> positions (token ids), for "mentioned before" counts
    caps: dict[str, list[int]] = {}
    for t in doc:
        if t.text[:1].isupper() and t.is_alpha:
            caps.setdefault(S.name_key(t.text), []).append(t.i)
    speaker_cache: dict[int, str | None] = {}
    speaker_type: dict[int, str] = {}

    def speaker(i: int) -> str | None:
        if i not in speaker_cache:
            try:
                sp = S.describe(memory, doc[i]) if memory is not None else S.Speaker(None)
            except Exception:  # noqa: BLE001 - a reading the resolver cannot make is no speaker
                sp = S.Speaker(None)
            name = sp.name
            if name is None:
                t = doc[i]
                name = None if t.pos_ == "PRON" else (t.text if t.pos_ == "PROPN" else None)
            speaker_cache[i], speaker_type[i] = name, sp.type
        return speaker_cache[i]

    out: list[Instance] = []
    for g in art.golds:
        if not g.speech or g.source_kind not in {"name", "pronoun"} or not g.source:
            continue
        best = max(((SP.matches(p, g, False), -i) for i, p in enumerate(preds)), default=(0, 0))
        if not best[0]:
            continue
        k = -best[1]
        claim, pred = claims[k], preds[k]
        src = " ".join(art.text[s:e] for s, e in g.source)
        source = [(bisect_left(raw_of, s), bisect_left(raw_of, e)) for s, e in g.source]  # in body offsets
        test = (lambda s: SP.name_ok(s, src)) if g.source_kind == "name" else (lambda s: SP.pronoun_ok(s, art, g))
        rules_ok = test(pred.speaker)
        cue_i, subj_i = hooks.info.get(id(claim), (None, None))
        prev_last = SP.name_tokens(claims[k - 1].speaker)[-1:] if k > 0 and claims[k - 1].speaker else []
        next_last = SP.name_tokens(claims[k + 1].speaker)[-1:] if k + 1 < len(claims) and claims[k + 1].speaker else []
        cs, ce = index.at(claim.start), index.at(max(claim.start, claim.end - 1)) + 1
        claim_tokens = range(cs, ce)
        anchor = cue_i if cue_i is not None else cs
        s_first = _sent_of(index, index.at(claim.sentence_start))
        s_last = _sent_of(index, index.at(max(claim.sentence_start, claim.sentence_end - 1)))
        s_anchor = _sent_of(index, anchor)
        lo_s = max(0, s_first - WINDOW_BEFORE)
        hi_s = s_last
        para = bisect_right(para_starts, claim.start) - 1
        if para >= 0 and not text[claim.end:paragraphs[para].end].strip(" .,\"”’'\n"):
            hi_s = min(len(index.sent_starts) - 1, s_last + 1)  # a quote that ends its paragraph: the line after too
        lo = index.sent_starts[lo_s]
        hi = index.sent_starts[hi_s + 1] if hi_s + 1 < len(index.sent_starts) else len(doc)
        heads = _cand_heads(doc, lo, hi, claim_tokens, allowed)
        if not heads:
            out.append(Instance(art.stem, g.source_kind, claim.kind, rules_ok, np.zeros((0, len(FEATURES))), np.zeros(0, bool),
                                np.zeros(0, bool), np.zeros(0, bool), np.zeros(0, bool), claim.rule or "", pred.speaker is None,
                                (), src, pred.speaker, claim.sentence))
            continue
        order = sorted(heads)
        rules_last = SP.name_tokens(pred.speaker)[-1:] if pred.speaker else []
        cue_tok = doc[cue_i] if cue_i is not None else None
        dists = {i: abs(i - anchor) for i in order}
        ranked = sorted(order, key=lambda i: dists[i])
        before = [i for i in order if i < cs]
        after = [i for i in order if i >= ce]
        persons_before = [i for i in before if heads[i][2] == "PERSON"]
        F = np.zeros((len(order), len(FEATURES)))
        pos = np.zeros(len(order), bool)
        ok = np.zeros(len(order), bool)
        mark = np.zeros(len(order), bool)
        pron_pos = np.zeros(len(order), bool)
        kind = claim.kind
        for r, i in enumerate(order):
            t = doc[i]
            s0, e0, label = heads[i]
            f = F[r]

            def put(name: str, v: float = 1.0) -> None:
                f[_fi(name)] = v

            d = i - anchor
            if i < cs:
                put("before_claim")
            elif i >= ce:
                put("after_claim")
            put("logdist_before" if d < 0 else "logdist_after", math.log1p(abs(d)))
            ad = abs(d)
            if ad <= 3:
                put("near3")
            if ad <= 10:
                put("near10")
            if ad <= 30:
                put("near30")
            put("logdist_claim_edge", math.log1p(min(abs(i - cs), abs(i - ce))))
            so = _sent_of(index, i) - s_anchor
            so = max(-3, min(1, so))
            put(f"sent_{so:+d}" if so else "sent_0")
            cp = bisect_right(para_starts, t.idx) - 1
            if cp == para:
                put("same_para")
            elif cp == para - 1:
                put("prev_para")
            put(f"dep_{t.dep_}" if t.dep_ in DEPS else "dep_other")
            if cue_tok is not None:
                if t.head.i == cue_tok.i:
                    put("child_of_cue")
                    if t.dep_ in SUBJ:
                        put("subj_of_cue")
                    if t.dep_ in {"dobj", "dative"}:
                        put("obj_of_cue")
                if t.dep_ == "pobj" and t.head.head.i == cue_tok.i and t.head.lower_ in {"by", "to", "from"}:
                    put("agent_of_cue")
                if _sent_of(index, i) == _sent_of(index, cue_tok.i):
                    pl = _path_len(t, cue_tok)
                    if pl is None:
                        put("no_path")
                    else:
                        put("path_len", min(pl, 8) / 8)
                else:
                    put("no_path")
            else:
                put("no_path")
            if t.dep_ == "pobj" and t.head.lower_ == "to" and t.head.head.lower_ == "according":
                put("according_to_obj")
            if t.dep_ in SUBJ:
                put("subj_of_any_verb")
                if _is_cue(t.head):
                    put("subj_of_speech_verb")
                if t.head.dep_ == "ROOT":
                    put("subj_main_clause")
            put(f"ent_{label}" if label else "ent_none")
            if t.pos_ in {"PROPN", "NOUN", "PRON"}:
                put(f"pos_{t.pos_}")
            pr = PRONOUNS.get(t.lower_) if t.tag_ == "PRP" else None
            if pr:
                put({"he": "pron_he", "she": "pron_she", "they": "pron_they", "it": "pron_it"}.get(pr, "pron_i_we"))
            if mask[t.idx]:
                put("in_quote")
            name = speaker(i)
            key = S.name_key(SP.name_tokens(name)[-1]) if name and SP.name_tokens(name) else None
            where = caps.get(key, []) if key else []
            prior = bisect_right(where, i - 1)
            put("log_prior_mentions", math.log1p(prior))
            put("log_article_mentions", math.log1p(len(where)))
            if where and prior == 0:
                put("first_mention")
            if subj_i is not None and i == subj_i:
                put("rules_subject")
            if rules_last and name and SP.name_tokens(name)[-1:] == rules_last:
                put("rules_name")
            if not name:
                put("no_string")
            last = SP.name_tokens(name)[-1:] if name else []
            if last and last == prev_last:
                put("prev_claim_speaker")
            if last and last == next_last:
                put("next_claim_speaker")
            if name and len(name.split()) >= 2 and name[:1].isupper():
                put("multiword_name")
            if pred.speaker is None:
                put("rulesnone_x_sent0", f[_fi("sent_0")])
                put("rulesnone_x_subj_speech", f[_fi("subj_of_speech_verb")])
            ty = speaker_type.get(i, "unknown")
            if ty in {"person", "group"}:
                put(f"type_{ty}")
            elif ty == "organisation":
                put("type_org")
            elif ty == "place":
                put("type_place")
            if before and i == before[-1]:
                put("nearest_before")
            if persons_before and i == persons_before[-1]:
                put("nearest_person_before")
            if after and i == after[0]:
                put("nearest_after")
            if i == ranked[0]:
                put("dist_rank1")
            elif len(ranked) > 1 and i == ranked[1]:
                put("dist_rank2")
            if kind == "direct":
                put("direct_x_sent0", f[_fi("sent_0")])
                put("direct_x_after", f[_fi("after_claim")])
                put("rules_subject_x_direct", f[_fi("rules_subject")])
            if kind == "indirect":
                put("indirect_x_subj_cue", f[_fi("subj_of_cue")])
            if kind == "according_to":
                put("according_x_obj", f[_fi("according_to_obj")])
            if kind == "partial":
                put("partial_x_subj_main", f[_fi("subj_main_clause")])
            if cue_i is None:
                put("nocue_x_sent-1", f[_fi("sent_-1")])
                put("nocue_x_before", f[_fi("before_claim")])
                put("rules_name_x_nocue", f[_fi("rules_name")])
            pos[r] = _overlaps((s0, e0), source) or _overlaps((t.idx, t.idx + len(t)), source)
            if g.source_kind == "pronoun":
                pron_pos[r] = pos[r] and pr is not None
            ok[r] = bool(name) and test(name)
            mark[r] = f[_fi("rules_subject")] > 0 or f[_fi("rules_name")] > 0
        out.append(Instance(art.stem, g.source_kind, claim.kind, rules_ok, F, pos, ok, mark, pron_pos, claim.rule or "", pred.speaker is None,
                            tuple(f"{doc[i].text}@{i - anchor}={speaker(i)}" for i in order), src, pred.speaker, claim.sentence))
    return out, counts, time.perf_counter() - t0


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p + b"\0")
    return h.hexdigest()[:16]


def load_instances(split: str, cache: Path, rules_cache: Path, fresh: bool) -> tuple[list[Instance], dict[str, float]]:
    src = sorted((ROOT / "src" / "newsgen").rglob("*.py"))
    mine = Path(__file__).read_text(encoding="utf-8").split("# --- the ranker")[0]  # what the instances depend on
    key = _digest(split.encode(), mine.encode(), (ROOT / "bench" / "rules.py").read_bytes(),
                  (BR.TOOLS / "score-polnear").read_bytes(), *(p.read_bytes() for p in src))
    path = cache / f"instances-{split}-{key}.pickle"
    if path.exists() and not fresh:
        rows, timing = pickle.loads(path.read_bytes())
        return [Instance(**r) for r in rows], timing
    t0 = time.time()
    gold = BR.load_gold(split, rules_cache)
    articles = BR.load_articles(split, rules_cache)
    docs = BR.parse_articles(articles, rules_cache)
    t_load = time.time() - t0
    hooks = _Hooks()
    if not hooks.ok:
        raise SystemExit("quotes.build_memory / quotes._to_claim not found: the extractor changed shape; update the hooks")
    instances: list[Instance] = []
    total = BR.Counts()
    feat_s = 0.0
    t1 = time.time()
    for article, doc in zip(articles, docs):
        art = gold[Path(article.path).stem]
        inst, counts, dt = article_instances(article, doc, art, hooks)
        instances += inst
        total = total + counts
        feat_s += dt
    t_extract = time.time() - t1 - feat_s
    claims = len(instances)
    timing = {"load_s": t_load, "extract_s": t_extract, "features_s": feat_s, "claims": claims, "articles": len(articles),
              "headline": BR.headline("newsgen", split, total),
              "extract_per_article_ms": 1000 * t_extract / max(1, len(articles)), "features_per_claim_ms": 1000 * feat_s / max(1, claims)}
    path.write_bytes(pickle.dumps(([vars(x) for x in instances], timing)))
    return instances, timing


# --- the ranker -------------------------------------------------------------------------------------


RULE_NAMES = [r.name for r in R.RULES]  # the live registry: "the rules chose it" per rule, learned as that rule's reliability


def design(x: Instance) -> np.ndarray:
    """The candidates' features, then one column per registered rule: the rules chose this candidate and that rule took part."""
    if getattr(x, "X", None) is None:
        parts = set(x.rule.split("+"))
        cols = np.zeros((len(x.feats), len(RULE_NAMES)))
        for j, name in enumerate(RULE_NAMES):
            if name in parts:
                cols[:, j] = x.rules_mark
        x.X = np.hstack([x.feats, cols])
    return x.X


def feature_names() -> list[str]:
    return FEATURES + [f"rule:{n}" for n in RULE_NAMES]


@dataclass
class Ranker:
    w: np.ndarray
    mean: np.ndarray
    std: np.ndarray

    def scores(self, F: np.ndarray) -> np.ndarray:
        return ((F - self.mean) / self.std) @ self.w

    def probs(self, F: np.ndarray) -> np.ndarray:
        s = self.scores(F)
        s = np.exp(s - s.max())
        return s / s.sum()


def _target(inst: Instance, label: str) -> np.ndarray:
    return inst.pos if label == "span" else inst.ok if label == "string" else (inst.pos | inst.ok)


def train(instances: list[Instance], seed: int, label: str = "span", l2: float = 1e-3, steps: int = 400, lr: float = 0.05) -> Ranker:
    """Softmax over each instance's candidates; loss -log sum(p of positives); instances without a
    positive candidate are left out. Full-batch Adam from a seeded start."""
    use = [x for x in instances if len(x.feats) and _target(x, label).any()]
    X = np.vstack([design(x) for x in use])
    y = np.concatenate([_target(x, label) for x in use]).astype(float)
    sizes = np.array([len(x.feats) for x in use])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    group = np.repeat(np.arange(len(use)), sizes)
    mean = X.mean(0)
    std = X.std(0)
    std[std < 1e-9] = 1.0
    Z = (X - mean) / std
    rng = np.random.default_rng(seed)
    w = rng.normal(0, 0.01, X.shape[1])
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    n = len(use)
    for step in range(1, steps + 1):
        s = Z @ w
        gmax = np.maximum.reduceat(s, starts)
        e = np.exp(s - gmax[group])
        p = e / np.add.reduceat(e, starts)[group]
        pp = p * y
        q = pp / np.add.reduceat(pp, starts)[group]  # posterior over the positives
        grad = Z.T @ (p - q) / n + l2 * w
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= lr * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    return Ranker(w, mean, std)


@dataclass
class Choice:
    model_ok: bool
    hybrid_ok: bool
    fallback_ok: bool  # the model speaks only where the rules gave no speaker
    margin: float  # model's top probability minus the best probability of a candidate the rules chose


def decide(model: Ranker, x: Instance, tau: float) -> Choice:
    if not len(x.feats):
        return Choice(x.rules_ok, x.rules_ok, x.rules_ok, -1.0)
    p = model.probs(design(x))
    top = int(p.argmax())
    p_rules = float(p[x.rules_mark].max()) if x.rules_mark.any() else 0.0
    margin = float(p[top]) - p_rules
    model_ok = bool(x.ok[top])
    hybrid_ok = model_ok if margin > tau else x.rules_ok
    return Choice(model_ok, hybrid_ok, model_ok if x.rules_none else x.rules_ok, margin)


def folds(instances: list[Instance], k: int, seed: int) -> list[list[int]]:
    """Whole articles per fold, so that a fold's articles are unseen by its model."""
    stems = sorted({x.stem for x in instances})
    rng = np.random.default_rng(seed)
    rng.shuffle(stems)
    fold_of = {s: n % k for n, s in enumerate(stems)}
    return [[i for i, x in enumerate(instances) if fold_of[x.stem] == f] for f in range(k)]


TAUS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)


def cross_validate(instances: list[Instance], seed: int, label: str) -> tuple[dict[float, float], dict[str, float]]:
    """Out-of-fold named-source accuracy of the hybrid at each threshold (1.01 = the rules alone), and
    of the model alone and the fallback, for names and pronouns."""
    margins: list[tuple[float, bool, bool, bool, str]] = []
    for f, held in enumerate(folds(instances, CV_FOLDS, seed)):
        held_set = set(held)
        model = train([x for i, x in enumerate(instances) if i not in held_set], seed + f, label)
        for i in held:
            x = instances[i]
            c = decide(model, x, 0.0)
            margins.append((c.margin, c.model_ok, x.rules_ok, c.fallback_ok, x.kind))
    acc: dict[float, float] = {}
    for tau in TAUS:
        good = [(m_ok if m > tau else r_ok) for m, m_ok, r_ok, _, kind in margins if kind == "name"]
        acc[tau] = sum(good) / len(good)
    other: dict[str, float] = {}
    for k in ("name", "pronoun"):
        rows = [r for r in margins if r[4] == k]
        other[f"model_{k}"] = sum(r[1] for r in rows) / max(1, len(rows))
        other[f"fallback_{k}"] = sum(r[3] for r in rows) / max(1, len(rows))
    return acc, other


# --- report -----------------------------------------------------------------------------------------


def sign_test(wins: int, losses: int) -> float:
    """Two-sided exact sign test on the claims where two choosers disagree in correctness."""
    n = wins + losses
    if not n:
        return 1.0
    k = min(wins, losses)
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n)


def _versus(xs: list[Instance], cs: list[Choice], attr: str) -> str:
    w = sum(getattr(c, attr) and not x.rules_ok for x, c in zip(xs, cs))
    lo = sum(x.rules_ok and not getattr(c, attr) for x, c in zip(xs, cs))
    return f"+{w}/-{lo} p={sign_test(w, lo):.3f}"


def report(split: str, instances: list[Instance], model: Ranker, tau: float) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for kind in ("name", "pronoun"):
        xs = [x for x in instances if x.kind == kind]
        n = len(xs)
        cs = [decide(model, x, tau) for x in xs]
        rules = sum(x.rules_ok for x in xs)
        mod = sum(c.model_ok for c in cs)
        hyb = sum(c.hybrid_ok for c in cs)
        fb = sum(c.fallback_ok for c in cs)
        ceil_span = sum(bool(x.pos.any()) for x in xs)
        ceil_str = sum(bool(x.ok.any()) for x in xs)
        overrides = sum(c.margin > tau for c in cs)
        none = sum(x.rules_none for x in xs)
        # where the hybrid's gains and losses come from: claims the rules left without a speaker, or overridden choices
        gain = Counter(("none" if x.rules_none else "chosen", c.hybrid_ok - x.rules_ok) for x, c in zip(xs, cs))
        rows[kind] = dict(n=n, rules=rules, model=mod, hybrid=hyb, fallback=fb, ceil_span=ceil_span, ceil_str=ceil_str,
                          overrides=overrides, cands=float(np.mean([len(x.feats) for x in xs])) if xs else 0.0)
        print(f"{split} {kind:7} n={n:5}  rules={rules / n:.3f} ({rules})  model={mod / n:.3f} ({mod})  hybrid(tau={tau:.2f})={hyb / n:.3f} ({hyb})  "
              f"fallback={fb / n:.3f} ({fb})  ceiling: gold source among candidates={ceil_span / n:.3f}, a candidate's speaker string "
              f"correct={ceil_str / n:.3f}  | rules gave no speaker {none}; hybrid overrides {overrides}: +{gain['none', 1]} where the rules "
              f"gave none, +{gain['chosen', 1]}/-{gain['chosen', -1]} over a rules' choice; candidates/claim {rows[kind]['cands']:.1f}")
        print(f"{split} {kind:7} against the rules, claims won/lost (sign test): model {_versus(xs, cs, 'model_ok')}, "
              f"hybrid {_versus(xs, cs, 'hybrid_ok')}, fallback {_versus(xs, cs, 'fallback_ok')}")
        if kind == "pronoun" and xs:
            # selection (the chosen candidate is the gold pronoun) and resolution (its resolved name passes pronoun_ok), apart
            sel = res = sel_n = 0
            for x in xs:
                if not len(x.feats) or not x.pron_pos.any():
                    continue
                sel_n += 1
                top = int(model.probs(design(x)).argmax())
                if x.pron_pos[top]:
                    sel += 1
                    res += bool(x.ok[top])
            gold_res = sum(bool(x.ok[x.pron_pos].any()) for x in xs if len(x.feats) and x.pron_pos.any())
            print(f"{split} pronoun selection: model picks the gold pronoun in {sel}/{sel_n} ({sel / max(1, sel_n):.3f}); "
                  f"of those the resolver's name passes pronoun_ok {res}/{max(1, sel)} ({res / max(1, sel):.3f}); "
                  f"resolving the gold pronoun itself passes {gold_res}/{sel_n} ({gold_res / max(1, sel_n):.3f})")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--train", default="train", choices=SPLITS)
    ap.add_argument("--eval", default="dev", choices=SPLITS)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--label", default="span", choices=("span", "string", "either"),
                    help="positive candidates: overlapping the gold Source (default), with a correct speaker string, or either")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsgen-speaker-model")
    ap.add_argument("--rules-cache", type=Path, default=Path(tempfile.gettempdir()) / "newsgen-bench-rules")
    ap.add_argument("--fresh", action="store_true", help="re-extract even when the instance cache matches")
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    args.rules_cache.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    tr, tr_time = load_instances(args.train, args.cache, args.rules_cache, args.fresh)
    ev, ev_time = load_instances(args.eval, args.cache, args.rules_cache, args.fresh)
    t_data = time.time() - t0
    print("# the extractor now (bench/rules.py's figures, same pass):")
    print("#   " + tr_time["headline"])
    print("#   " + ev_time["headline"])
    print(f"# instances: {args.train}={len(tr)} (names {sum(x.kind == 'name' for x in tr)}, pronouns {sum(x.kind == 'pronoun' for x in tr)}) "
          f"{args.eval}={len(ev)} (names {sum(x.kind == 'name' for x in ev)}, pronouns {sum(x.kind == 'pronoun' for x in ev)}); "
          f"{len(FEATURES)} features; label={args.label} seed={args.seed}")

    t1 = time.time()
    cv, cv_model = cross_validate(tr, args.seed, args.label)
    tau = max(TAUS, key=lambda t: (round(cv[t], 6), t))  # ties go to the higher threshold (fewer overrides)
    print(f"# {CV_FOLDS}-fold CV on {args.train} (by article), named-source accuracy of the hybrid by threshold: "
          + " ".join(f"{t:.2f}:{a:.3f}" for t, a in cv.items()) + f"  -> tau={tau:.2f}")
    print(f"# CV on {args.train}: model alone names {cv_model['model_name']:.3f}, pronouns {cv_model['model_pronoun']:.3f}; "
          f"fallback (model only where the rules gave no speaker) names {cv_model['fallback_name']:.3f}, pronouns {cv_model['fallback_pronoun']:.3f}")
    model = train(tr, args.seed, args.label)
    t_train = time.time() - t1

    report(args.train + "(fit)", tr, model, tau)
    report(args.eval, ev, model, tau)

    print("\nper-feature weights (standardised features; + favours a candidate):")
    names = feature_names()
    for k in np.argsort(-np.abs(model.w)):
        if model.w[k] or not names[k].startswith("rule:"):
            print(f"  {names[k]:36} {model.w[k]:+.3f}")
    n_claims = ev_time["claims"]
    print(f"\ncost: extraction {ev_time['extract_per_article_ms']:.0f} ms/article; candidates+features "
          f"{ev_time['features_per_claim_ms']:.2f} ms per found claim ({n_claims} claims, {args.eval}); weights {model.w.nbytes + model.mean.nbytes + model.std.nbytes} bytes")
    print(f"time: data {t_data:.0f}s (train extract {tr_time['load_s'] + tr_time['extract_s'] + tr_time['features_s']:.0f}s when not cached), "
          f"CV+train {t_train:.0f}s, total {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
