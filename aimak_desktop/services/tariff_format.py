"""How tariff figures and method steps are written (shared by the CLI, the PDF and the page)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from aimak_desktop.i18n.formatting import NBSP, format_money
from aimak_desktop.services.tariff_method import Figure, Step, to_tyiyn


def format_decimal(value: Decimal, lang: str = "ky", places: int = 2, strip: bool = True) -> str:
    """Group thousands and use the language's decimal mark; drop trailing zeros if `strip`."""
    q = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP) if places else value
    sign = "-" if q < 0 else ""
    text = f"{abs(q):f}"
    whole, _dot, frac = text.partition(".")
    if strip:
        frac = frac.rstrip("0")
    sep, mark = (",", ".") if lang == "en" else (NBSP, ",")
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    groups.append(whole)
    out = sep.join(reversed(groups))
    return f"{sign}{out}{mark}{frac}" if frac else f"{sign}{out}"


def format_figure(fig: Figure, lang: str = "ky") -> str:
    """A figure as shown in documents: "1 234,50 сом", "40 %", "36 000", "7,6 m³"."""
    if fig.kind in ("money", "tariff"):
        return format_money(to_tyiyn(fig.value), lang)
    if fig.kind == "pct":
        whole = fig.value == fig.value.to_integral_value()
        return f"{format_decimal(fig.value, lang, strip=whole)}{NBSP}%"
    if fig.kind == "m3":
        return f"{format_decimal(fig.value, lang, 3)}{NBSP}m³"
    if fig.kind == "ratio":
        return format_decimal(fig.value, lang, 4)
    return format_decimal(fig.value, lang, 3)


def fill_expression(step: Step, lang: str = "ky") -> str:
    """The step's expression with its figures: "1 000,00 сом × 10 %"."""
    return step.expression.format(
        **{name: format_figure(f, lang) for name, f in step.operands.items()}
    )
