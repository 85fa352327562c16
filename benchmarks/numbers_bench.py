"""Number recognition against the Microsoft Recognizers-Text English specifications.

Usage: ``python benchmarks/numbers_bench.py [PATH] [--show N] [--speed [DIR]]`` where PATH
holds ``NumberModel.json``, ``NumberRangeModel.json`` and ``OrdinalModel.json`` (default:
``../shared/bench/numbers`` next to the repository). ``--speed`` also times
``extract_numbers`` and ``extract_mentions`` on every ``.txt`` file of DIR (default:
``../shared/bench/pan13/docs``, 4.5 MB of web pages), best of three, in CPU time.

Matching rule (a case is right or wrong as a whole):

* NumberModel: the set of ``(start, end, value)`` of every number we find that is not an
  ordinal must equal the expected set (``End`` in the spec is inclusive; values are compared
  to 12 significant digits, the spec rounds to 15). A number glued to its unit ("180ml",
  "29km", "256GB") is a dimension in Recognizers-Text, which leaves it to its DimensionModel
  and expects no number from the NumberModel; we read it as a figure with a unit, so such
  numbers are left out of this comparison (the count of cases where that matters is printed).
* NumberRangeModel: the set of ``(start, end, interval)`` of every figure stated as a bound, a
  range or an equality (hedge ``bound``, ``range``, ``equal``) must equal the expected set.
  Two scores are printed: *strict*, and *convention*, where the openness of the upper end of
  an explicit two-sided range ("between 20 and 30", "20-30", "from 5 to 10") is not compared:
  Recognizers-Text writes those as ``[20,30)`` by convention, we read them as ordinary English
  does (``[20,30]``, both ends included), which is what matters for news counts.
* OrdinalModel: the set of ``(start, end, value)`` of ordinals must equal the expected set.
  Relative ordinals ("last", "next", "the one before the last") are not something we
  extract; the share is printed over all cases and over the cases without them.

Spans are compared as character offsets, so the spec's lower-cased ``Text`` does not matter.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from newsreader.core.corpus import load_corpus
from newsreader.core.numbers import Figure, extract_mentions, extract_numbers

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "bench"
DEFAULT = SHARED / "numbers"
SPEED_DEFAULT = SHARED / "pan13" / "docs"

Interval = tuple[float | None, float | None, bool, bool]


def _round(value: float) -> float:
    return float(f"{value:.12g}")


def _interval(spec: str) -> Interval:
    """ "(20,35]" -> (20, 35, True, False); "(,100]" -> (None, 100, True, False)."""
    low_s, high_s = spec[1:-1].split(",")
    low = _round(float(low_s)) if low_s.strip() else None
    high = _round(float(high_s)) if high_s.strip() else None
    return low, high, spec[0] == "(", spec[-1] == ")"


def _figure_interval(f: Figure) -> Interval:
    low = None if f.low is None else _round(f.low)
    high = None if f.high is None else _round(f.high)
    low_open = f.low_open or low is None
    high_open = f.high_open or high is None
    return low, high, low_open, high_open


def number_case(case: dict[str, Any]) -> tuple[bool, set[Any], set[Any]]:
    want = {
        (r["Start"], r["End"] + 1, _round(float(r["Resolution"]["value"]))) for r in case["Results"]
    }
    text = case["Input"]
    got = {
        (n.start, n.end, _round(n.value))
        for f in extract_numbers(text)
        for n in f.numbers
        if not n.ordinal and not _dimension(text, f, n)
    }
    return want == got, want, got


def _dimension(text: str, f: Figure, n: Any) -> bool:
    """A number glued to its unit ("180ml"): a dimension, not a number, in the spec."""
    return bool(f.unit) and text[n.end : n.end + 1].isalpha()


def dimension_cases(cases: list[dict[str, Any]]) -> int:
    """How many NumberModel cases hold a number glued to its unit (left out, see above)."""
    return sum(
        1
        for c in cases
        for f in extract_numbers(c["Input"])
        for n in f.numbers
        if _dimension(c["Input"], f, n)
    )


def range_case(case: dict[str, Any], convention: bool) -> tuple[bool, set[Any], set[Any]]:
    want: set[Any] = set()
    for r in case["Results"]:
        interval = _interval(r["Resolution"]["value"])
        if convention and interval[0] is not None and interval[1] is not None:
            interval = (interval[0], interval[1], interval[2], False)
        want.add((r["Start"], r["End"] + 1, interval))
    got: set[Any] = set()
    for f in extract_numbers(case["Input"]):
        if f.hedge not in ("bound", "range", "equal"):
            continue
        interval = _figure_interval(f)
        if (
            convention
            and f.hedge == "range"
            and interval[0] is not None
            and interval[1] is not None
        ):
            interval = (interval[0], interval[1], interval[2], False)
        got.add((f.start, f.end, interval))
    return want == got, want, got


def ordinal_case(case: dict[str, Any]) -> tuple[bool, set[Any], set[Any]]:
    want = set()
    for r in case["Results"]:
        value = r["Resolution"]["value"]
        try:
            want.add((r["Start"], r["End"] + 1, _round(float(value))))
        except ValueError:
            want.add((r["Start"], r["End"] + 1, value))
    got = {
        (n.start, n.end, _round(n.value))
        for f in extract_numbers(case["Input"])
        for n in f.numbers
        if n.ordinal
    }
    return want == got, want, got


def _relative(case: dict[str, Any]) -> bool:
    return any(r["TypeName"] == "ordinal.relative" for r in case["Results"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT), help="folder with the specs")
    parser.add_argument("--show", type=int, default=0, help="print up to N failures per spec")
    parser.add_argument(
        "--speed",
        nargs="?",
        const=str(SPEED_DEFAULT),
        metavar="DIR",
        help="also time the extractors on the articles of DIR",
    )
    args = parser.parse_args(argv)
    root = Path(args.path)
    try:
        numbers = json.loads((root / "NumberModel.json").read_text(encoding="utf-8"))
        ranges = json.loads((root / "NumberRangeModel.json").read_text(encoding="utf-8"))
        ordinals = json.loads((root / "OrdinalModel.json").read_text(encoding="utf-8"))
    except OSError as exc:
        print(f"cannot read the specs in {root}: {exc}", file=sys.stderr)
        return 2

    started = time.perf_counter()
    results: dict[str, list[tuple[dict[str, Any], tuple[bool, set[Any], set[Any]]]]] = {
        "NumberModel": [(c, number_case(c)) for c in numbers],
        "NumberRangeModel": [(c, range_case(c, convention=False)) for c in ranges],
        "NumberRangeModel (convention)": [(c, range_case(c, convention=True)) for c in ranges],
        "OrdinalModel": [(c, ordinal_case(c)) for c in ordinals],
    }
    elapsed = time.perf_counter() - started

    for name, rows in results.items():
        right = sum(1 for _, (ok, _, _) in rows if ok)
        print(f"{name:30} {right:4d}/{len(rows):<4d} {right / len(rows):6.1%}")
        if name == "OrdinalModel":
            plain = [(c, r) for c, r in rows if not _relative(c)]
            ok_plain = sum(1 for _, (ok, _, _) in plain if ok)
            label = "OrdinalModel (no relative)"
            print(f"{label:30} {ok_plain:4d}/{len(plain):<4d} {ok_plain / len(plain):6.1%}")
        if args.show:
            shown = 0
            for case, (ok, want, got) in rows:
                if ok or shown >= args.show:
                    continue
                shown += 1
                print(f"    {case['Input']!r}")
                print(f"      want {sorted(want, key=str)}\n      got  {sorted(got, key=str)}")
    print(f"  (numbers glued to a unit, read as dimensions: {dimension_cases(numbers)})")
    cases = sum(len(rows) for rows in results.values())
    print(f"{cases} case runs in {elapsed * 1000:.0f} ms")
    if args.speed:
        speed(Path(args.speed))
    return 0


def speed(folder: Path) -> None:
    """Time both extractors on a folder of articles (best of three, CPU time)."""
    docs = load_corpus(folder).documents
    size = sum(len(d.text) for d in docs)
    best_numbers = best_mentions = float("inf")
    count = 0
    for _ in range(3):
        started = time.process_time()
        for d in docs:
            extract_numbers(d.text, [(r.start, r.end) for r in d.furniture])
        best_numbers = min(best_numbers, time.process_time() - started)
        started = time.process_time()
        count = sum(len(extract_mentions(d)) for d in docs)
        best_mentions = min(best_mentions, time.process_time() - started)
    print(
        f"speed: {len(docs)} documents, {size / 1e6:.2f} M characters, {count} mentions: "
        f"extract_numbers {best_numbers:.2f} s, extract_mentions {best_mentions:.2f} s"
    )


if __name__ == "__main__":
    raise SystemExit(main())
