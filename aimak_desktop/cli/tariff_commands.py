"""`aimak tariff calc --input FILE.json [--out FILE.pdf] [--lang ky|ru|both] [--json]`."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from aimak_desktop.cli.context import CliContext, Result
from aimak_desktop.errors import AimakError, ValidationError
from aimak_desktop.i18n import _, get_language


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    tariff = sub.add_parser("tariff", parents=[common], help=_("sustainable tariff calculator"))
    actions = tariff.add_subparsers(dest="tariff_command", required=True, metavar="ACTION")
    p = actions.add_parser(
        "calc", parents=[common], help=_("full-cost tariff, affordability and phasing from a file")
    )
    p.add_argument("--input", required=True, metavar="FILE.json", help=_("the tariff inputs"))
    p.add_argument("--out", metavar="FILE.pdf", help=_("also write the justification PDF"))
    p.add_argument(
        "--lang",
        dest="doc_lang",
        choices=("ky", "ru", "both"),
        default="ky",
        help=_("language of the PDF"),
    )
    p.set_defaults(func=cmd_calc)


def read_inputs(path: Path) -> dict[str, Any]:
    """The JSON inputs, numbers read as exact Decimals.

    Raises:
        AimakError: the file cannot be read.
        ValidationError: the file is not a JSON object.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise AimakError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from exc
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("{path} is not valid JSON (line {line}, column {column}).").format(
                path=path, line=exc.lineno, column=exc.colno
            )
        ) from exc
    if not isinstance(data, dict):
        raise ValidationError(_("The tariff inputs must be a JSON object {...}."))
    return data


def cmd_calc(ctx: CliContext) -> Result:
    from aimak_desktop.services.tariff_method import calculate_dict

    result = calculate_dict(read_inputs(Path(ctx.args.input)))
    data = result.summary()
    pdf = None
    if ctx.args.out:
        from aimak_desktop.reports.tariff_pdf import write_tariff_pdf

        pdf = write_tariff_pdf(
            Path(ctx.args.out), result, lang=ctx.args.doc_lang, office=_office(ctx)
        )
        data["pdf"] = str(pdf)
    return Result(data, _text(result, pdf))


def _office(ctx: CliContext) -> Any:
    """The office for the PDF header when the data folder holds one; a calculation needs none."""
    from aimak_desktop import paths

    if not paths.db_path().exists():
        return None
    try:
        from aimak_desktop.services.office import get_office

        return get_office(ctx.session())
    except AimakError:  # busy (the program is open) or damaged: the PDF goes without a header
        return None


def _text(result: Any, pdf: Path | None) -> str:
    from aimak_desktop.services.tariff_format import format_figure
    from aimak_desktop.services.tariff_method import TARIFF_UNIT_LABELS, Figure

    lang = get_language()
    unit = _(TARIFF_UNIT_LABELS[result.inputs.unit])

    def money(value: Decimal) -> str:
        return format_figure(Figure(value, "money"), lang)

    def pct(value: Decimal) -> str:
        return format_figure(Figure(value, "pct"), lang)

    inputs = result.inputs
    lines = [
        f"{_('Service')}: {inputs.service}",
        f"{_('Required revenue a year')}: {money(result.required_revenue)}",
        f"{_('Full-cost tariff')}: {money(result.full_cost_tariff)} {unit}",
        _("Current tariff: {tariff} {unit}, cost coverage {coverage}").format(
            tariff=money(inputs.current_tariff), unit=unit, coverage=pct(result.coverage_pct)
        ),
    ]
    for c in result.categories:
        lines.append(f"  {c.key}: {money(c.tariff)} {unit} (x{c.multiplier})")
    verdict = _("affordable") if result.affordable else _("above the threshold")
    lines += [
        f"{_('Monthly bill of a typical household')}: {money(result.monthly_bill)}",
        _("Affordability: {share} of household income (threshold {threshold}): {verdict}").format(
            share=pct(result.affordability_pct),
            threshold=pct(inputs.affordability_threshold_pct),
            verdict=verdict,
        ),
        _("Phased tariffs:"),
    ]
    for p in result.phases:
        lines.append(
            "  "
            + _("year {year}: {tariff} (covers {coverage}), bill {bill}").format(
                year=p.year,
                tariff=money(p.tariff),
                coverage=pct(p.coverage_pct),
                bill=money(p.monthly_bill),
            )
        )
    if pdf is not None:
        lines.append(_("Justification PDF: {path}").format(path=pdf))
    return "\n".join(lines)
