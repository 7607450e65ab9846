"""`laborbridge plan_trips SIGNUPS --seats N --json`: plans a sheet's rows, reports the bad ones by row."""

import io
import json

import pytest
import xlsxwriter
from django.core.management import call_command
from django.core.management.base import CommandError

HEADER = ["passenger", "date", "pickup", "destination", "destination_city"]


def run(path, *args):
    out = io.StringIO()
    call_command("plan_trips", str(path), "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def write_csv(tmp_path, rows, header=HEADER):
    path = tmp_path / "signups.csv"
    path.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]), encoding="utf-8")
    return path


def test_it_plans_a_csv_into_trips_with_stops_and_the_lower_bound(tmp_path):
    rows = [(f"W{i}", "2024-02-17", "桐木汽车站", "茂名某厂", "茂名市") for i in range(50)]
    rows += [("W99", "2024-02-18", "头排镇", "广州某厂", "广州市")]
    result = run(write_csv(tmp_path, rows), "--seats", "45")
    assert result["lower_bound"] == 3
    assert len(result["trips"]) == 3
    assert sorted(p for t in result["trips"] for p in t["passengers"]) == sorted(r[0] for r in rows)
    assert {t["date"] for t in result["trips"]} == {"2024-02-17", "2024-02-18"}
    assert ["头排镇", "广州市"] in [t["stops"] for t in result["trips"]]
    assert result["errors"] == []


def test_it_reads_an_xlsx_with_real_dates(tmp_path):
    import datetime

    path = tmp_path / "signups.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for i in range(3):
        sheet.write(i + 1, 0, f"W{i}")
        sheet.write_datetime(i + 1, 1, datetime.datetime(2024, 2, 17), date_format)
        sheet.write_row(i + 1, 2, ["桐木汽车站", "茂名某厂", "茂名市"])
    book.close()
    result = run(path, "--seats", "45")
    assert [t["date"] for t in result["trips"]] == ["2024-02-17"]
    assert len(result["trips"][0]["passengers"]) == 3


def test_it_reports_bad_rows_by_number_and_reason_and_plans_the_rest(tmp_path):
    rows = [
        ("W1", "2024-02-17", "桐木汽车站", "茂名某厂", "茂名市"),
        ("W2", "", "桐木汽车站", "茂名某厂", "茂名市"),
        ("W3", "2024-02-31", "桐木汽车站", "茂名某厂", "茂名市"),
        ("W4", "2024-02-17", "", "茂名某厂", "茂名市"),
        ("W1", "2024-02-17", "桐木汽车站", "茂名某厂", "茂名市"),
    ]
    result = run(write_csv(tmp_path, rows))
    assert [t["passengers"] for t in result["trips"]] == [["W1"]]
    errors = {e["row"]: e["reason"] for e in result["errors"]}
    assert set(errors) == {3, 4, 5, 6}
    assert "date" in errors[3]
    assert "2024-02-31" in errors[4]
    assert "pickup" in errors[5]
    assert "第2行重复" in errors[6]


def test_it_refuses_a_sheet_without_the_columns_it_needs(tmp_path):
    path = write_csv(tmp_path, [("W1", "2024-02-17")], header=["passenger", "date"])
    with pytest.raises(CommandError, match="pickup"):
        run(path)


def test_it_refuses_a_file_that_is_not_a_spreadsheet(tmp_path):
    path = tmp_path / "signups.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError, match=r"损坏|无法"):
        run(path)


def test_it_refuses_a_missing_file_and_an_impossible_seat_count(tmp_path):
    with pytest.raises(CommandError, match="文件不存在"):
        run(tmp_path / "none.csv")
    with pytest.raises(CommandError, match="seats"):
        run(write_csv(tmp_path, []), "--seats", "0")


def test_a_party_larger_than_the_bus_is_a_bad_row(tmp_path):
    rows = [
        ("W1", "2024-02-17", "桐木汽车站", "茂名某厂", "茂名市", "3"),
        ("W2", "2024-02-17", "桐木汽车站", "茂名某厂", "茂名市", "2"),
    ]
    result = run(write_csv(tmp_path, rows, header=[*HEADER, "seats"]), "--seats", "2")
    assert [e["row"] for e in result["errors"]] == [2]
    assert result["trips"][0]["seats_used"] == 2
