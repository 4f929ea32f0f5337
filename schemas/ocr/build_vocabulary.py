"""Rebuild schemas/ocr/vocabulary.json: syllable and syllable-bigram counts of the real corpus.

    python schemas/ocr/build_vocabulary.py [--corpus tests/corpus/real] [--min-bigram 2]

Source: tests/corpus/real/*.txt (300 documents of Vietnamese state bodies from public legal portals;
see tests/corpus/real/SOURCES.md), except the documents listed in schemas/ocr/holdout.txt (the
evaluation documents of bench/scan_bench.py and the documents the OCR path was tuned on), so the
OCR corrector is never measured on text it learnt from. Portal chrome (copyright banner, metadata
block, related-documents lists) and markup (`**`, `*`, `|`, `#`, HTML tags) are removed; text is
NFC and lower case; a syllable is a run of letters; bigrams do not cross punctuation or line ends.
"""
from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
_SPLIT = re.compile(r"[^\w\s]|\d|_|\n")
_SYLLABLE = re.compile(r"[^\W\d_]+")
_CHROME = re.compile(r"^Đang tải văn bản", re.M)
_CHROME_END = re.compile(r"^(Văn bản này chưa cập nhật nội dung|## Văn bản liên quan)", re.M)


def holdout() -> dict[str, str]:
    out = {}
    for line in (HERE / "holdout.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            doc, why = line.split()[:2]
            out[doc] = why
    return out


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    m = _CHROME.search(text)
    if m:
        text = text[m.end():]
    m = _CHROME_END.search(text)
    if m:
        text = text[:m.start()]
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"[*#|]", " ", text).lower()


def count(texts: list[str], min_bigram: int) -> tuple[Counter, Counter]:
    uni, bi = Counter(), Counter()
    for text in texts:
        for run in _SPLIT.split(clean(text)):
            words = _SYLLABLE.findall(run)
            uni.update(words)
            bi.update(f"{a} {b}" for a, b in zip(words, words[1:]))
    return uni, Counter({k: v for k, v in bi.items() if v >= min_bigram})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", default=str(ROOT / "tests" / "corpus" / "real"))
    ap.add_argument("--min-bigram", type=int, default=2)
    args = ap.parse_args()
    kept = holdout()
    files = sorted(p for p in Path(args.corpus).glob("*.txt") if p.stem not in kept)
    uni, bi = count([p.read_text(encoding="utf-8") for p in files], args.min_bigram)
    data = {"source": "tests/corpus/real (see SOURCES.md), documents below; rebuilt by schemas/ocr/build_vocabulary.py",
            "excluded": "schemas/ocr/holdout.txt", "documents": [p.stem for p in files],
            "tokens": sum(uni.values()), "min_bigram": args.min_bigram,
            "unigrams": dict(sorted(uni.items(), key=lambda kv: (-kv[1], kv[0]))),
            "bigrams": dict(sorted(bi.items(), key=lambda kv: (-kv[1], kv[0])))}
    out = HERE / "vocabulary.json"
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{len(files)} documents, {data['tokens']} syllables, {len(uni)} distinct, {len(bi)} bigrams -> {out}")


if __name__ == "__main__":
    main()
