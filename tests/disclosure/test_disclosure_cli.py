"""The command line, driven as a user would: protect a CSV, audit the result."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

INPUT = """kategori,kjonn,aar,antall
NSK,jente,2022,40
NSK,gutt,2022,12
NSK,jente,2023,38
NSK,gutt,2023,15
TVE,jente,2022,4
TVE,gutt,2022,1
TVE,jente,2023,9
TVE,gutt,2023,2
KLL,jente,2022,3
KLL,jente,2023,7
KLL,gutt,2023,6
"""


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tallrapport.disclosure", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "input.csv"
    path.write_text(INPUT, encoding="utf-8")
    return path


def protect(data: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(
        "protect",
        str(data),
        "--freq",
        "antall",
        "--table",
        "kategori*aar",
        "--table",
        "kjonn*aar",
        "--table",
        "kategori*kjonn",
        "--output",
        str(out),
        *extra,
    )


def test_protect_then_audit_round_trip(data: Path, tmp_path: Path) -> None:
    # given a CSV of counts with a missing combination (KLL gutt 2022)
    out = tmp_path / "out.csv"
    # when protected
    done = protect(data, out)
    # then the output has the promised columns and consistent statuses
    assert done.returncode == 0, done.stderr
    rows = read(out)
    assert list(rows[0]) == ["table", "kategori", "kjonn", "aar", "freq", "published", "status"]
    assert {r["table"] for r in rows} == {"kategori*aar", "kjonn*aar", "kategori*kjonn"}
    for row in rows:
        assert (row["published"] == "") == (row["status"] != "shown")
        if row["status"] == "shown":
            assert row["published"] == row["freq"]
        if 1 <= int(row["freq"]) <= 5:
            assert row["status"] == "primary"
    by_cell: dict[tuple[str, str, str], set[str]] = {}
    for row in rows:
        by_cell.setdefault((row["kategori"], row["kjonn"], row["aar"]), set()).add(row["status"])
    assert all(len(s) == 1 for s in by_cell.values())
    # and the audit of the result passes and prints intervals
    audited = run("audit", str(out), "--input", str(data), "--freq", "antall")
    assert audited.returncode == 0, audited.stdout + audited.stderr
    assert " in [" in audited.stdout


def test_audit_fails_on_the_reports_primary_only_practice(data: Path, tmp_path: Path) -> None:
    # given the protected output with every secondary cell printed again
    out = tmp_path / "out.csv"
    assert protect(data, out).returncode == 0
    rows = read(out)
    assert any(r["status"] == "secondary" for r in rows)
    for row in rows:
        if row["status"] == "secondary":
            row["status"], row["published"] = "shown", row["freq"]
    leaky = tmp_path / "leaky.csv"
    with leaky.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    # when audited
    audited = run("audit", str(leaky), "--input", str(data), "--freq", "antall")
    # then it exits 1 and names the determined cells
    assert audited.returncode == 1
    assert "DETERMINED" in audited.stdout


def test_audit_fails_when_a_printed_number_differs_from_the_input(
    data: Path, tmp_path: Path
) -> None:
    # given a protected output with one printed number altered
    out = tmp_path / "out.csv"
    assert protect(data, out).returncode == 0
    rows = read(out)
    target = next(r for r in rows if r["status"] == "shown" and r["kategori"] == "NSK")
    target["published"] = str(int(target["published"]) + 1)
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    # when audited, then it exits 1 with the row named
    audited = run("audit", str(out), "--input", str(data), "--freq", "antall")
    assert audited.returncode == 1
    assert "published" in audited.stdout and "row" in audited.stdout


def test_fixed_cells_from_an_earlier_edition_stay_shown(data: Path, tmp_path: Path) -> None:
    # given an earlier edition that printed the TVE 2022 total of 5
    fixed = tmp_path / "fixed.csv"
    fixed.write_text(
        "table,kategori,kjonn,aar,freq,published,status\nkategori*aar,TVE,Total,2022,5,5,shown\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    # when protected with it fixed
    done = protect(data, out, "--fixed", str(fixed))
    # then it stays shown, and the command names it as already public, no failure
    assert done.returncode == 0, done.stderr
    assert "already public: (TVE, Total, 2022) = 5" in done.stdout
    row = next(
        r for r in read(out) if (r["kategori"], r["kjonn"], r["aar"]) == ("TVE", "Total", "2022")
    )
    assert row["status"] == "shown"


def test_protect_zeros_hides_the_zero(data: Path, tmp_path: Path) -> None:
    # given a missing combination (a zero), when zeros are protected, then it is hidden
    out = tmp_path / "out.csv"
    done = run(
        "protect",
        str(data),
        "--freq",
        "antall",
        "--table",
        "kategori*kjonn*aar",
        "--protect-zeros",
        "--output",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    zero = next(
        r for r in read(out) if (r["kategori"], r["kjonn"], r["aar"]) == ("KLL", "gutt", "2022")
    )
    assert zero["status"] == "primary"
    assert run("audit", str(out), "--input", str(data), "--freq", "antall").returncode == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("kategori,aar,antall\nNSK,2022,x\n", "row 2, column 'antall'"),
        ("kategori,aar,antall\nNSK,2022,4\n,2023,5\n", "row 3, column 'kategori'"),
        ("kategori,aar,antall\nNSK,2022,-1\n", "row 2, column 'antall'"),
        ("kategori,aar,n\nNSK,2022,1\n", "no column 'antall'"),
        ("kategori,aar,antall\nNSK,2022,1\nNSK,2022,2\n", "row 3: same cell as row 2"),
    ],
)
def test_bad_input_names_row_and_column(tmp_path: Path, content: str, expected: str) -> None:
    # given a broken CSV
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    # when protected
    done = run(
        "protect",
        str(path),
        "--freq",
        "antall",
        "--table",
        "kategori*aar",
        "--output",
        str(tmp_path / "o.csv"),
    )
    # then it exits 2 and the message points at the place
    assert done.returncode == 2
    assert expected in done.stderr


def test_an_unknown_table_dimension_is_named(data: Path, tmp_path: Path) -> None:
    # given a table over a column the input lacks, then the error names it
    done = run(
        "protect",
        str(data),
        "--freq",
        "antall",
        "--table",
        "land*aar",
        "--output",
        str(tmp_path / "o.csv"),
    )
    assert done.returncode == 2
    assert "'land'" in done.stderr


def test_known_sums_make_a_count_public_for_protect_and_audit(data: Path, tmp_path: Path) -> None:
    # given an earlier edition that printed NSK 2022 = 52 and «all but NSK» 2022 = 60,
    # so TVE+KLL 2022 = 8; together with a total of NSK+TVE+KLL of 60 nothing more is known,
    # but with TVE 2022 = 5 printed too, KLL 2022 = 3 follows from the earlier numbers alone
    known = tmp_path / "known.csv"
    known.write_text(
        "name,value,at_least,kategori,kjonn,aar\n"
        "2023: NSK 2022,52,,NSK,,2022\n"
        "2023: TVE og KLL 2022,8,,TVE|KLL,,2022\n"
        "2023: TVE 2022,5,,TVE,,2022\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    # when protected with the known sums
    done = protect(data, out, "--known", str(known))
    # then the count they give away is public and named with its sources, and no failure
    assert done.returncode == 0, done.stderr
    assert "already public: (KLL, Total, 2022) = 3" in done.stdout
    assert "2023: TVE og KLL 2022" in done.stdout
    # and the audit with the same knowledge passes and lists it too
    audited = run(
        "audit", str(out), "--input", str(data), "--freq", "antall", "--known", str(known)
    )
    assert audited.returncode == 0, audited.stdout
    assert "already public: (KLL, Total, 2022) = 3" in audited.stdout


def test_a_known_sum_the_counts_contradict_is_an_input_error(data: Path, tmp_path: Path) -> None:
    # given a known sum that the counts no longer give (a revised number)
    known = tmp_path / "known.csv"
    known.write_text("name,value,kategori,kjonn,aar\nold NSK 2022,50,NSK,,2022\n", "utf-8")
    # when protected, then it exits 2 naming the number
    done = protect(data, tmp_path / "out.csv", "--known", str(known))
    assert done.returncode == 2
    assert "old NSK 2022" in done.stderr
