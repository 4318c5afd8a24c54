#!/usr/bin/env python3
"""Write a synthetic data layer of N topics for benchmarks (deterministic for a given N).

usage: python bench/gen_corpus.py N OUT_DIR

Each topic is about 2.4 KB of valid YAML like a real entry: aliases, a summary, statements
of what is done and claimed, graded evidence with findings, and references to the built-in
sources, substances and risks (cross-layer references are allowed) and to other synthetic
topics.  The text is drawn from a small vocabulary, so common words such as "collagen" occur
in many topics: a worst case for search ranking.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

VOCABULARY = (
    "collagen",
    "dermis",
    "injection",
    "mixture",
    "session",
    "needle",
    "papule",
    "nappage",
    "fibroblast",
    "elastin",
    "hyaluronic",
    "acid",
    "vitamin",
    "procaine",
    "lidocaine",
    "cellulite",
    "adipocyte",
    "lipolysis",
    "fat",
    "thigh",
    "abdomen",
    "scalp",
    "hair",
    "follicle",
    "alopecia",
    "pain",
    "tendon",
    "joint",
    "knee",
    "spine",
    "lymph",
    "vein",
    "oedema",
    "bruising",
    "swelling",
    "redness",
    "infection",
    "mycobacteria",
    "outbreak",
    "sterile",
    "vial",
    "clinic",
    "practitioner",
    "trial",
    "placebo",
    "randomised",
    "blinded",
    "biopsy",
    "histology",
    "photograph",
    "score",
    "improvement",
    "response",
    "dose",
    "volume",
    "depth",
    "millimetre",
    "interval",
    "week",
    "month",
    "protocol",
    "consensus",
    "society",
    "review",
    "evidence",
    "grade",
    "limited",
    "insufficient",
    "contested",
    "established",
    "regulator",
    "decree",
    "approval",
    "label",
    "label-use",
    "off-label",
    "cocktail",
    "extract",
    "homeopathic",
    "enzyme",
    "caffeine",
    "aminophylline",
    "deoxycholate",
    "phosphatidylcholine",
    "submental",
    "chin",
    "jaw",
    "neck",
    "hand",
    "decollete",
    "knee",
    "scar",
    "keloid",
    "acne",
    "pigment",
    "spot",
    "circle",
    "eye",
    "wrinkle",
    "line",
    "texture",
    "hydration",
    "tone",
    "firmness",
    "laxity",
    "stretch",
)
SOURCES = (
    "amin-2006",
    "el-domyati-2012",
    "park-2008",
    "has-2014",
    "faetani-2021",
    "rotunda-kolodney-2006",
    "singsing-2022",
    "kybella-label",
    "asps-2005-body-contouring",
)
SUBSTANCES = (
    "procaine",
    "lidocaine",
    "hyaluronic-acid",
    "vitamins-and-nutrients",
    "phosphatidylcholine",
    "deoxycholic-acid",
    "lipolytic-stimulators",
)
RISKS = (
    "injection-site-reactions",
    "ntm-infection",
    "allergic-reactions",
    "local-inflammatory-reactions",
)
CATEGORIES = ("aesthetic", "medical", "practice", "safety")
GRADES = ("established", "limited", "insufficient", "contested")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(VOCABULARY) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def statement(rng: random.Random, indent: str, words: int = 28) -> str:
    cited = ", ".join(rng.sample(SOURCES, rng.randint(1, 3)))
    return f"{indent}- text: >-\n{indent}    {sentence(rng, words)}\n{indent}  sources: [{cited}]\n"


def topic(n: int, total: int, rng: random.Random) -> str:
    slug = f"synthetic-{n:05d}"
    related = sorted({f"synthetic-{rng.randrange(total):05d}" for _ in range(2)} - {slug})
    parts = [
        f"id: {slug}\n",
        f"title: Synthetic topic {n} {rng.choice(VOCABULARY)}\n",
        f"category: {rng.choice(CATEGORIES)}\n",
        f"aliases: [synthetic alias {n}, {rng.choice(VOCABULARY)} topic {n}]\n",
        "reviewed: 2026-11-21\n",
        f"summary:\n  text: {sentence(rng, 18)}\n  sources: [{rng.choice(SOURCES)}]\n",
        "done:\n",
        *(statement(rng, "  ") for _ in range(3)),
        "claimed:\n",
        *(statement(rng, "  ", 22) for _ in range(2)),
        "evidence:\n",
        f"  grade: {rng.choice(GRADES)}\n",
        f"  reason: {sentence(rng, 12)}\n",
        f"  sources: [{rng.choice(SOURCES)}]\n",
        "  findings:\n",
        *(statement(rng, "    ", 30) for _ in range(3)),
        f"substances: [{', '.join(rng.sample(SUBSTANCES, 2))}]\n",
        f"risks: [{', '.join(rng.sample(RISKS, 2))}]\n",
        f"related: [{', '.join(related)}]\n",
    ]
    return "".join(parts)


def generate(total: int, out: Path) -> int:
    """Write `total` topics under out/topics; returns the number of bytes written."""
    rng = random.Random(total)
    topics = out / "topics"
    topics.mkdir(parents=True, exist_ok=True)
    size = 0
    for n in range(total):
        text = topic(n, total, rng)
        (topics / f"synthetic-{n:05d}.yaml").write_text(text, encoding="utf-8")
        size += len(text.encode())
    return size


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    written = generate(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{sys.argv[1]} topics, {written / 1e6:.1f} MB in {sys.argv[2]}")
