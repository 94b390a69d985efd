"""The QR code on a receipt: its compact text and how it is drawn.

The payload is one short line a phone camera reads and our verify command parses:

    AIMAK1|A1-2026-000123|123450|20260315|K7QJ2M4XRA

(format tag, receipt number, amount in tyiyn, date, verification code from
services.receipt_code). Upper-case letters, digits and "|-" keep the code small (version 3-4).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

__all__ = ["QrPayload", "draw_qr", "parse_payload", "payload", "qr_matrix"]

TAG = "AIMAK1"
_MASK = 0
_SEP = "|"


@dataclass(frozen=True)
class QrPayload:
    """What a receipt QR code carries."""

    receipt_no: str
    amount: int
    day: dt.date
    code: str


def payload(receipt_no: str, amount: int, day: dt.date, code: str) -> str:
    """The QR text of a receipt.

    Raises:
        ValueError: the receipt number or code contains "|" (cannot be parsed back).
    """
    if _SEP in receipt_no or _SEP in code:
        raise ValueError(f"receipt number and code must not contain {_SEP!r}")
    if isinstance(day, dt.datetime):
        day = day.date()
    return _SEP.join((TAG, receipt_no, str(int(amount)), day.strftime("%Y%m%d"), code))


def parse_payload(text: str) -> QrPayload:
    """Read back a QR text made by `payload`.

    Raises:
        ValueError: not a receipt QR code of this program.
    """
    parts = text.strip().split(_SEP)
    if len(parts) != 5 or parts[0] != TAG:
        raise ValueError("not an Aimak receipt QR code")
    _tag, number, amount, day, code = parts
    try:
        return QrPayload(
            receipt_no=number,
            amount=int(amount),
            day=dt.datetime.strptime(day, "%Y%m%d").date(),
            code=code,
        )
    except ValueError as exc:
        raise ValueError("damaged Aimak receipt QR code") from exc


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR modules (True = dark), error correction level M.

    ReportLab's `make()` renders the symbol nine times to pick the "best" of the 8 mask patterns;
    any mask is valid (the reader finds it in the format bits), so one fixed mask makes the code
    about 8 times faster: it is most of the time a receipt takes.
    """
    from reportlab.graphics.barcode.qrencoder import QRCode, QRErrorCorrectLevel

    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(text)
    code.version = code.calculate_version()
    code.makeImpl(False, _MASK)
    return [[bool(m) for m in row] for row in code.modules]


def draw_qr(canvas: Any, text: str, x: float, y: float, size: float) -> None:
    """Draw the QR code of `text` with its lower-left corner at (x, y), `size` points square.

    Dark runs of a row become one rectangle in a single filled path: much smaller and faster
    than one rectangle per module. `size` includes the 2-module quiet zone.
    """
    matrix = qr_matrix(text)
    count = len(matrix)
    border = 2
    box = size / (count + 2 * border)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        top = y + size - (r + border + 1) * box
        c = 0
        for dark, run in itertools.groupby(row):
            n = len(list(run))
            if dark:
                path.rect(x + (c + border) * box, top, n * box, box)
            c += n
    canvas.saveState()
    canvas.setFillGray(0)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
