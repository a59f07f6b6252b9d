"""Postal code fields by country: what the form's field is called, accepts and says when wrong.

The US, Canada and Mexico have a pattern; any other country gets free text, since a wrong
pattern stops people from signing at all.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PostalField:
    """One country's postal code input. `key` picks the strings: field_<key>, field_<key>_optional, error_<key>."""

    key: str
    pattern: str | None
    inputmode: str
    maxlength: int
    autocapitalize: str | None = None

    @property
    def label(self) -> str:
        return f"field_{self.key}"

    @property
    def label_optional(self) -> str:
        return f"field_{self.key}_optional"

    @property
    def error(self) -> str:
        return f"error_{self.key}"


FIELDS = {
    "US": PostalField("zip", "[0-9]{5}(-[0-9]{4})?", "numeric", 10),
    "CA": PostalField("postal_ca", "[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]", "text", 7, "characters"),
    "MX": PostalField("postal_mx", "[0-9]{5}", "numeric", 5),
}
OTHER = PostalField("postal", None, "text", 20)


def field_for(country: str) -> PostalField:
    """The postal field for an ISO 3166-1 country code; free text for countries without a rule."""
    return FIELDS.get(country.upper(), OTHER)
