"""Figures over time: a running count revised by later reports is ``updated``, not a conflict.

The reports are written as the wire wrote the August 1999 Izmit earthquake, one file per day,
their dates in a metadata.csv as a user would give them.
"""

from __future__ import annotations

from pathlib import Path

from newsreader.core.analysis import AnalysisOptions, analyze
from newsreader.core.corpus import load_corpus
from newsreader.core.report import to_json

SERIAL = AnalysisOptions(parallel=False)

REPORTS = {
    "d1.txt": (
        "1999-08-17",
        "Powerful earthquake hits western Turkey\n\n"
        "ISTANBUL (AP) - A powerful earthquake struck western Turkey before dawn on Tuesday, "
        "collapsing apartment blocks in Izmit and Istanbul. At least 600 people were killed, "
        "the government crisis centre said, as rescuers dug through the rubble of the Marmara "
        "towns.\n",
    ),
    "d3.txt": (
        "1999-08-19",
        "Turkey quake toll passes 7,000\n\n"
        "IZMIT, Turkey (Reuters) - The death toll from Turkey's earthquake rose to 7,085 on "
        "Thursday, the crisis centre said, as rescuers in Izmit pulled survivors from collapsed "
        "apartment blocks and the government faced anger over the slow relief.\n",
    ),
    "d5.txt": (
        "1999-08-21",
        "Anger grows as Turkey quake toll climbs\n\n"
        "GOLCUK, Turkey (AFP) - More than 12,000 people were killed in the earthquake that "
        "struck western Turkey on Tuesday, officials said on Saturday, and rescuers in Izmit and "
        "Golcuk warned that thousands more lay under the rubble of apartment blocks.\n",
    ),
    "d9.txt": (
        "1999-08-25",
        "Turkey ends search for quake survivors\n\n"
        "ISTANBUL (AP) - Turkey ended its search for survivors on Wednesday. The death toll from "
        "the earthquake rose to 17,997, the crisis centre said, and rescuers in Izmit began to "
        "clear the rubble of the apartment blocks.\n",
    ),
}


def _folder(root: Path, reports: dict[str, tuple[str, str]]) -> Path:
    root.mkdir()
    rows = ["file,outlet,date"]
    for name, (date, text) in reports.items():
        (root / name).write_text(text, encoding="utf-8")
        if date:
            rows.append(f"{name},Wire,{date}")
    (root / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def _tolls(root: Path) -> list[dict]:  # type: ignore[type-arg]
    data = to_json(analyze(load_corpus(root), SERIAL))
    texts = {m["id"]: m["text"] for m in data["mentions"]}
    return [
        {"status": q["status"], "figures": [texts[m] for m in q["mentions"]], "q": q}
        for q in data["quantities"]
        if any("600" in texts[m] or "7,085" in texts[m] for m in q["mentions"])
    ]


def test_a_rising_toll_over_days_is_updated_in_date_order(tmp_path: Path) -> None:
    # The files are named so that path order is not date order.
    shuffled = {f"r{len(REPORTS) - i}.txt": v for i, v in enumerate(REPORTS.values())}
    (toll,) = _tolls(_folder(tmp_path / "quake", shuffled))
    assert toll["status"] == "updated"
    assert toll["figures"] == ["At least 600", "7,085", "More than 12,000", "17,997"]
    assert any("revised as reports came in" in r for r in toll["q"]["reasons"])


def test_reports_of_one_day_that_disagree_stay_a_conflict(tmp_path: Path) -> None:
    reports = dict(REPORTS)
    reports["d3b.txt"] = (
        "1999-08-19",
        "Quake toll\n\nANKARA (Xinhua) - The death toll from the earthquake in western Turkey "
        "rose to 3,100 on Thursday, officials said, as rescuers in Izmit searched the rubble of "
        "apartment blocks.\n",
    )
    (toll,) = _tolls(_folder(tmp_path / "quake", reports))
    assert toll["status"] == "conflict"  # 7,085 and 3,100 on the same day


def test_a_later_figure_below_an_earlier_at_least_is_a_conflict(tmp_path: Path) -> None:
    reports = dict(REPORTS)
    date, text = reports["d9.txt"]
    reports["d9.txt"] = (date, text.replace("17,997", "5,400"))
    (toll,) = _tolls(_folder(tmp_path / "quake", reports))
    assert toll["status"] == "conflict"  # 5,400 on day 9, after "more than 12,000" on day 5


def test_undated_reports_keep_the_conflict(tmp_path: Path) -> None:
    reports = {k: ("", text) for k, (_, text) in REPORTS.items()}
    (toll,) = _tolls(_folder(tmp_path / "quake", reports))
    assert toll["status"] == "conflict"  # nothing says which figure came first


def test_a_toll_revised_during_one_day_with_times_is_updated(tmp_path: Path) -> None:
    times = ["08:00", "10:00", "12:00", "14:00"]
    reports = {
        name: (f"1999-08-17T{t}:00+03:00", text)
        for (name, (_, text)), t in zip(REPORTS.items(), times, strict=True)
    }
    (toll,) = _tolls(_folder(tmp_path / "quake", reports))
    assert toll["status"] == "updated"
    # Without times, four reports of one day that disagree are a conflict.
    day_only = {name: ("1999-08-17", text) for name, (_, text) in REPORTS.items()}
    (toll,) = _tolls(_folder(tmp_path / "same-day", day_only))
    assert toll["status"] == "conflict"


def test_instants_are_compared_across_time_zones(tmp_path: Path) -> None:
    # 23:00 in New York is 04:00 the next day in London: the report dated later by its text
    # is the earlier one.
    reports = {
        "d3.txt": ("1999-08-20T04:00:00+00:00", REPORTS["d3.txt"][1]),
        "d5.txt": ("1999-08-19T23:30:00-05:00", REPORTS["d5.txt"][1]),
    }
    (toll,) = _tolls(_folder(tmp_path / "zones", reports))
    assert toll["status"] == "updated"  # 7,085 at 04:00 UTC, more than 12,000 at 04:30 UTC
    assert toll["figures"] == ["7,085", "More than 12,000"]
    # Read by their local days, the later report (the 19th) would come first and contradict.
    reports["d5.txt"] = ("1999-08-19", REPORTS["d5.txt"][1])
    reports["d3.txt"] = ("1999-08-20", REPORTS["d3.txt"][1])
    (toll,) = _tolls(_folder(tmp_path / "days", reports))
    assert toll["status"] == "conflict"


def test_month_only_dates_keep_the_conflict(tmp_path: Path) -> None:
    reports = {name: (date[:7], text) for name, (date, text) in REPORTS.items()}
    (toll,) = _tolls(_folder(tmp_path / "month", reports))
    assert toll["status"] == "conflict"
