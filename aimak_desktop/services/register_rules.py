"""Field rules of the register, shared by the services, the forms and the Excel import.

Each `clean_*` function takes what a person typed (or a spreadsheet cell) and returns the value to
store, or raises `ValidationError` with a message a clerk can act on and the field's name.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from aimak_desktop.errors import ValidationError
from aimak_desktop.i18n import _
from aimak_desktop.models.register import CATEGORY_LABELS, Category, Gender

MAX_RESIDENTS = 50
_PHONE_JUNK = re.compile(r"[\s\-().]")

#: Words accepted for a gender (lower case), besides the stored codes "f" and "m".
_GENDER_WORDS = {
    Gender.FEMALE: ("f", "female", "woman", "ж", "жен", "женский", "аял", "а", "кыз"),
    Gender.MALE: ("m", "male", "man", "м", "муж", "мужской", "э", "эр", "эркек"),
}


def clean_name(value: str | None, field: str = "head_name") -> str:
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError(_("Please enter the name of the head of household."), field=field)
    if len(name) > 200:
        raise ValidationError(_("The name is too long (at most 200 characters)."), field=field)
    return name


def clean_phone(value: str | None) -> str:
    """Normalise a Kyrgyz phone number to "+996 XXX XXX XXX"; empty stays empty.

    Accepts "+996 555 123 456", "996555123456", "0555 123456", and "555123456" (a spreadsheet
    drops the leading zero of a number stored as a number).
    """
    text = _PHONE_JUNK.sub("", value or "")
    if not text:
        return ""
    international = text.startswith("+")
    digits = text.removeprefix("+")
    local = ""
    if digits.isdigit():
        if len(digits) == 12 and digits.startswith("996"):
            local = digits[3:]
        elif not international and len(digits) == 10 and digits.startswith("0"):
            local = digits[1:]
        elif not international and len(digits) == 9:
            local = digits
    if local and not local.startswith("0"):
        return f"+996 {local[:3]} {local[3:6]} {local[6:]}"
    raise ValidationError(
        _(
            "The phone number {phone} is not valid. Write it as +996 XXX XXX XXX or 0XXX XXXXXX."
        ).format(phone=(value or "").strip()),
        field="phone",
    )


def clean_residents(value: int | str | float | Decimal | None) -> int:
    """A whole number of residents from 0 to 50 ("5", 5, 5.0 are fine; "5,5" is not)."""
    message = _("The number of residents must be a whole number from 0 to {max}.").format(
        max=MAX_RESIDENTS
    )
    if value is None or isinstance(value, bool):
        raise ValidationError(message, field="residents")
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(message, field="residents") from None
    if not number.is_finite() or number != number.to_integral_value():
        raise ValidationError(message, field="residents")
    if not 0 <= number <= MAX_RESIDENTS:
        raise ValidationError(message, field="residents")
    return int(number)


def clean_category(value: str | Category | None) -> str:
    if value is None or not str(value).strip():
        return Category.REGULAR.value
    text = str(value).strip().lower()
    for category in Category:
        if text in (category.value, _(CATEGORY_LABELS[category]).lower()):
            return category.value
    raise ValidationError(
        _("Unknown category {value}. Use one of: {choices}.").format(
            value=value, choices=", ".join(c.value for c in Category)
        ),
        field="category",
    )


def clean_gender(value: str | Gender | None) -> str | None:
    """ "f" or "m" (or None when not given); accepts Kyrgyz, Russian and English words."""
    if value is None or not str(value).strip():
        return None
    text = str(value).strip().lower()
    for gender, words in _GENDER_WORDS.items():
        if text in words:
            return gender.value
    raise ValidationError(
        _("Unknown gender {value}. Use f (female) or m (male).").format(value=value),
        field="gender",
    )


def clean_house(value: str | int | None) -> str:
    house = " ".join(str(value if value is not None else "").split())
    if len(house) > 20:
        raise ValidationError(_("The house number is too long (at most 20 characters)."), "house")
    return house


def clean_account(value: str | None) -> str:
    account = (value or "").strip()
    if len(account) > 30:
        raise ValidationError(
            _("The account number is too long (at most 30 characters)."), field="account_no"
        )
    return account


def clean_place_name(value: str | None, field: str) -> str:
    """A village or street name: required, spaces tidied, at most 100 characters."""
    name = " ".join((value or "").split())
    if not name:
        raise ValidationError(_("Please enter a name."), field=field)
    if len(name) > 100:
        raise ValidationError(_("The name is too long (at most 100 characters)."), field=field)
    return name
