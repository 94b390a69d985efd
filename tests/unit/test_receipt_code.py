"""Receipt verification codes and the QR payload."""

from __future__ import annotations

import datetime as dt

import pytest

from aimak_desktop.reports.receipt_qr import parse_payload, payload, qr_matrix
from aimak_desktop.services.receipt_code import CODE_LENGTH, receipt_code, verify_code

KEY = bytes(range(32))
DAY = dt.date(2026, 3, 15)


def test_code_is_short_base32_and_verifies():
    code = receipt_code(KEY, "A1-2026-000123", 128450, DAY)
    assert len(code) == CODE_LENGTH
    assert set(code) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert verify_code(KEY, "A1-2026-000123", 128450, DAY, code)
    # typed by a person: lower case, spaces and a dash are forgiven
    assert verify_code(KEY, "A1-2026-000123", 128450, DAY, f" {code[:5].lower()}-{code[5:]} ")


@pytest.mark.parametrize(
    ("number", "amount", "day", "key"),
    [
        ("A1-2026-000123", 128451, DAY, KEY),  # one tyiyn more
        ("A1-2026-000123", 228450, DAY, KEY),
        ("A1-2026-000124", 128450, DAY, KEY),
        ("A1-2026-000123", 128450, dt.date(2026, 3, 16), KEY),
        ("A1-2026-000123", 128450, DAY, bytes(32)),  # another office
    ],
)
def test_any_change_rejects_the_code(number, amount, day, key):
    code = receipt_code(KEY, "A1-2026-000123", 128450, DAY)
    assert not verify_code(key, number, amount, day, code)


def test_a_datetime_counts_by_its_day():
    code = receipt_code(KEY, "A1-2026-000001", 5000, dt.datetime(2026, 3, 15, 9, 1))
    assert verify_code(KEY, "A1-2026-000001", 5000, DAY, code)


def test_qr_payload_round_trips_and_verifies():
    code = receipt_code(KEY, "A1-2026-000123", 128450, DAY)
    text = payload("A1-2026-000123", 128450, DAY, code)
    assert text == f"AIMAK1|A1-2026-000123|128450|20260315|{code}"
    back = parse_payload(text)
    assert (back.receipt_no, back.amount, back.day, back.code) == (
        "A1-2026-000123",
        128450,
        DAY,
        code,
    )
    assert verify_code(KEY, back.receipt_no, back.amount, back.day, back.code)
    assert not verify_code(KEY, back.receipt_no, back.amount + 100, back.day, back.code)


@pytest.mark.parametrize("junk", ["", "hello", "AIMAK1|A1|x|20260315|C", "AIMAK1|A1|1|2026|C"])
def test_foreign_qr_text_is_refused(junk):
    with pytest.raises(ValueError, match="Aimak receipt QR"):
        parse_payload(junk)


def test_qr_is_small_enough_for_a_58mm_roll():
    # 29-33 modules: at 30 mm each module is about 0.8 mm, printable on a 203 dpi head
    matrix = qr_matrix(payload("A1-2026-000123", 99999999, DAY, "ABCDEFGHJK"))
    assert len(matrix) <= 33
    assert any(any(row) for row in matrix)
