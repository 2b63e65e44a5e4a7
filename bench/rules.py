"""What each named attribution rule is worth on PolNeAR: claims made, precision, and F1 without it.

usage: python bench/rules.py SPLIT [--ablate] [--disable-rule NAME ...] [--misses N] [--cache DIR]

SPLIT is `train` or `dev` (../shared/corpus/polnear). Scoring is score-polnear's own (imported from
../shared/tools/score-polnear): gold `speech`, lenient overlap, its headline line. Per rule it prints
the claims whose `rule` names it, their precision, and the named-source accuracy of the gold
attributions they are the best match for; `--ablate` switches each rule off in turn and prints what
that does to F1, precision, recall and named-source accuracy (a rule whose ΔF1 is positive costs
more than it gives). `--disable-rule` switches rules off for the whole run. The misses are counted
by score-polnear's categories; `--misses N` prints N of each, on train only: the dev split checks
rules, it is not read to write them.

Each article is parsed once (the Docs are cached under --cache, so a second run skips the parser);
an ablation re-extracts only the articles where the rule fired, and re-scores only those.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.machinery
import importlib.util
import multiprocessing
import pickle
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import DocBin

from newsgen.content import load_article
from newsgen.extract import rules
from newsgen.extract.quotes import extract_claims
from newsgen.model import Article, Claim
from newsgen.nlp import load_pipeline, model_id, parse, repair

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "polnear"
TOOLS = SHARED / "tools"
SPLITS = ("train", "dev")


def _scorer() -> Any:
    """score-polnear as a module, so that matching, speaker checks and categories are exactly its own."""
    if "score_polnear" not in sys.modules:
        loader = importlib.machinery.SourceFileLoader("score_polnear", str(TOOLS / "score-polnear"))
        spec = importlib.util.spec_from_loader("score_polnear", loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules["score_polnear"] = module
        loader.exec_module(module)
    return sys.modules["score_polnear"]


SP = _scorer()


@dataclass(frozen=True)
class Sentences:
    """Stands in for the scorer's parsed gold Doc after loading: its speaker check reads only sentence bounds."""

    bounds: tuple[tuple[int, int], ...]

    @property
    def sents(self) -> list[Any]:
        return [_Bound(s, e) for s, e in self.bounds]


@dataclass(frozen=True)
class _Bound:
    start_char: int
    end_char: int


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p + b"\0")
    return h.hexdigest()[:16]


def load_gold(split: str, cache: Path) -> dict[str, Any]:
    """The scorer's gold for a split (its own parse and classification), cached without the Docs."""
    key = _digest(split.encode(), (TOOLS / "score-polnear").read_bytes(), *(p.read_bytes() for p in sorted((CORPUS / "data" / split).rglob("*")) if p.is_file()))
    path = cache / f"gold-{split}-{key}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    arts = SP.load_gold(str(CORPUS), split)
    for art in arts.values():
        art.doc = Sentences(tuple((s.start_char, s.end_char) for s in art.doc.sents))
    path.write_bytes(pickle.dumps(arts))
    return arts


def load_articles(split: str, cache: Path) -> list[Article]:
    folder = cache / f"articles-{split}"
    if not folder.is_dir():
        subprocess.run([sys.executable, str(TOOLS / "polnear-articles"), str(CORPUS), split, str(folder), "txt"], check=True, capture_output=True)
    return [load_article(p) for p in sorted(folder.glob("*.txt"))]


def parse_articles(articles: list[Article], cache: Path) -> list[Any]:
    """newsgen's own parse of every body, once: Docs are cached as a DocBin keyed by model and texts."""
    nlp = load_pipeline()
    key = _digest(model_id(nlp).encode(), "\n".join(nlp.pipe_names).encode(), *(a.body.encode() for a in articles))
    path = cache / f"docs-{key}.spacy"
    if path.exists():
        return list(repair(nlp, DocBin().from_bytes(path.read_bytes()).get_docs(nlp.vocab)))  # the repairs of today's entities.py
    docs = list(parse(nlp, (a.body for a in articles)))
    path.write_bytes(DocBin(docs=docs).to_bytes())
    return docs


# --- scoring ------------------------------------------------------------------------------------


@dataclass
class Counts:
    """One article's (or the split's) contribution to score-polnear's speech/lenient figures."""

    pred: int = 0
    pred_ok: int = 0
    gold: int = 0
    found: int = 0
    names: int = 0
    names_ok: int = 0
    prons: int = 0
    prons_ok: int = 0

    def __add__(self, o: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(vars(self).values(), vars(o).values())))

    def __sub__(self, o: Counts) -> Counts:
        return Counts(*(a - b for a, b in zip(vars(self).values(), vars(o).values())))

    def figures(self) -> dict[str, float]:
        p = self.pred_ok / self.pred if self.pred else 0.0
        r = self.found / self.gold if self.gold else 0.0
        return {"precision": p, "recall": r, "f1": SP.f1(p, r),
                "names": self.names_ok / self.names if self.names else 0.0,
                "pronouns": self.prons_ok / self.prons if self.prons else 0.0}


def preds_of(art: Any, claims: list[Claim]) -> list[Any]:
    """Claims as the scorer's predictions, placed in the raw text as its `load_preds` places them."""
    out = []
    for c in claims:
        where = SP.locate(art.text, {"start": c.start, "end": c.end, "text": c.text}) or (c.start, c.start)
        out.append(SP.Pred(where[0], where[1], c.speaker, c.kind, c.text))
    return out


def count(art: Any, preds: list[Any]) -> Counts:
    r = SP.score({art.stem: art}, {art.stem: preds}, False, "speech")
    return Counts(r["n_pred"], r["n_pred_ok"], r["n_gold"], r["n_found"], r["n_names"],
                  round(r["source_acc_names"] * r["n_names"]), r["n_pronouns"], round(r["source_acc_pronouns"] * r["n_pronouns"]))


@dataclass
class RuleStats:
    claims: int = 0
    correct: int = 0
    named: int = 0
    named_ok: int = 0
    articles: set[str] = field(default_factory=set)


def rule_stats(art: Any, claims: list[Claim], preds: list[Any], fired: set[str], stats: dict[str, RuleStats]) -> None:
    """Per rule: its claims, how many overlap a gold attribution (the scorer's precision test), and
    whether the speaker is right where one of them is a speech attribution's best match."""
    for name in fired:
        stats[name].articles.add(art.stem)
    for c, p in zip(claims, preds):
        ok = any(SP.matches(p, g, False) for g in art.golds)
        for name in (c.rule or "").split("+"):
            stats[name].claims += 1
            stats[name].correct += ok
    for g in art.golds:
        if not g.speech or g.source_kind != "name":
            continue
        best = max(((SP.matches(p, g, False), -i) for i, p in enumerate(preds)), default=(0, 0))
        if not best[0]:
            continue
        i = -best[1]
        src = " ".join(art.text[s:e] for s, e in g.source)
        ok = SP.name_ok(preds[i].speaker, src)
        for name in (claims[i].rule or "").split("+"):
            stats[name].named += 1
            stats[name].named_ok += ok


def headline(label: str, split: str, total: Counts) -> str:
    f = total.figures()
    return (f"{label} split={split} gold=speech overlap=lenient precision={f['precision']:.3f} recall={f['recall']:.3f} "
            f"f1={f['f1']:.3f} source_acc_names={f['names']:.3f} source_acc_pronouns={f['pronouns']:.3f} "
            f"n_gold_speech={total.gold} n_pred={total.pred} (found={total.found} pred_ok={total.pred_ok} "
            f"names={total.names} pronouns={total.prons})")


def misses_report(gold: dict[str, Any], preds: dict[str, list[Any]], rule_of: dict[int, str], split: str, show: int) -> None:
    r = SP.score(gold, preds, False, "speech")
    by_cat: dict[str, list[Any]] = defaultdict(list)
    for m in r["misses"]:
        by_cat[m[0]].append(m)
    print("\nmisses by category (score-polnear's):")
    for cat, ms in by_cat.items():
        if cat == "missed":
            detail = Counter(("quoted" if g.quoted else "unquoted") + f"/{g.source_kind}" for _, _, g, _ in ms)
        else:
            detail = Counter(rule_of[id(p)] for _, _, _, p in ms)
        top = ", ".join(f"{k} {n}" for k, n in detail.most_common(8))
        print(f"  {cat:22} {len(ms):5}  {top}")
        if split == "train" and cat == "missed":
            cues = Counter(g.cue_lemmas or "(none)" for _, _, g, _ in ms)
            print("  " + " " * 28 + "cues: " + ", ".join(f"{k} {n}" for k, n in cues.most_common(12)))
    if show:
        for cat, ms in by_cat.items():
            print(f"\n## {cat}: {len(ms)}")
            SP.show_misses(gold, ms, show)


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("split", choices=SPLITS)
    ap.add_argument("--ablate", action="store_true", help="switch each rule off in turn and print what it does to F1")
    ap.add_argument("--disable-rule", action="append", default=[], metavar="NAME", choices=list(rules.BY_NAME), help="switch a rule off for the whole run (repeatable)")
    ap.add_argument("--misses", type=int, default=0, metavar="N", help="print N misses of each category (train only)")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "newsgen-bench-rules")
    args = ap.parse_args()
    if args.misses and args.split != "train":
        raise SystemExit("misses are printed for train only: dev checks the rules, it is not read to write them")
    args.cache.mkdir(parents=True, exist_ok=True)
    t0 = time.time()

    # The scorer parses the gold texts with its own pipeline; that runs beside newsgen's parse.
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pending = pool.apply_async(load_gold, (args.split, args.cache))
        articles = load_articles(args.split, args.cache)
        docs = parse_articles(articles, args.cache)
        gold = pending.get()
    t_parse = time.time() - t0

    off = set(args.disable_rule)
    items = [(a, d, gold[Path(a.path).stem]) for a, d in zip(articles, docs)]
    base: dict[str, Counts] = {}
    preds: dict[str, list[Any]] = {}
    rule_of: dict[int, str] = {}
    stats: dict[str, RuleStats] = defaultdict(RuleStats)
    for article, doc, art in items:
        fired: set[str] = set()
        with rules.session(disabled=off, fired=fired):
            claims = extract_claims(doc, article.blocks)
        preds[art.stem] = preds_of(art, claims)
        rule_of.update((id(p), c.rule or "") for p, c in zip(preds[art.stem], claims))
        base[art.stem] = count(art, preds[art.stem])
        rule_stats(art, claims, preds[art.stem], fired, stats)
    total = sum(base.values(), Counts())
    label = "newsgen" + "".join(f" -{n}" for n in sorted(off))
    print(headline(label, args.split, total))

    deltas: dict[str, dict[str, float]] = {}
    if args.ablate:
        before = total.figures()
        for rule in rules.RULES:
            if rule.name in off:
                continue
            changed = Counts()
            for article, doc, art in items:
                if art.stem not in stats[rule.name].articles:
                    continue
                with rules.session(disabled=off | {rule.name}):
                    claims = extract_claims(doc, article.blocks)
                changed = changed + count(art, preds_of(art, claims)) - base[art.stem]
            after = (total + changed).figures()
            deltas[rule.name] = {k: after[k] - before[k] for k in before}

    print(f"\n{'rule':36} {'kind':14} {'claims':>6} {'prec':>6} {'names':>11}" + (f" {'ΔF1 off':>8} {'ΔP':>7} {'ΔR':>7} {'Δnames':>7}" if deltas else ""))
    for rule in rules.RULES:
        s = stats.get(rule.name, RuleStats())
        prec = f"{s.correct / s.claims:.3f}" if s.claims else "-"
        names = f"{s.named_ok}/{s.named}" if s.named else "-"
        line = f"{rule.name:36} {'/'.join(rule.kinds):14} {s.claims:6} {prec:>6} {names:>11}"
        if rule.name in deltas:
            d = deltas[rule.name]
            line += f" {d['f1']:+8.4f} {d['precision']:+7.4f} {d['recall']:+7.4f} {d['names']:+7.4f}"
        elif rule.name in off:
            line += "  (off)"
        if not s.articles and rule.name not in off:
            line += "  never fired"
        print(line)
    misses_report(gold, preds, rule_of, args.split, args.misses)
    print(f"\n{len(items)} articles; parse and gold {t_parse:.0f}s, total {time.time() - t0:.0f}s")


if __name__ == "__main__":
    main()
