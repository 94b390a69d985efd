"""Hearing figures (`minutes_pdf_500`); the measurement lives in bench/hearings.py."""

from __future__ import annotations

from bench.hearings import FIGURES

__all__ = ["FIGURES"]
