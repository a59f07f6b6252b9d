"""States, provinces and territories by country: the ISO 3166-2 codes `state:` accepts (without the country
prefix) and their names, and the check of a city's `state` with did-you-mean from full names (`state:
Illinois` -> "did you mean 'IL'?"). A country not listed here takes any text as its state.
"""

from __future__ import annotations

import difflib
import unicodedata

US = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California", "CO": "Colorado",
    "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho",
    "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}
CA = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories", "NU": "Nunavut",
    "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec", "SK": "Saskatchewan", "YT": "Yukon",
}
MX = {
    "AGU": "Aguascalientes", "BCN": "Baja California", "BCS": "Baja California Sur", "CAM": "Campeche",
    "CHP": "Chiapas", "CHH": "Chihuahua", "CMX": "Ciudad de México", "COA": "Coahuila", "COL": "Colima",
    "DUR": "Durango", "GUA": "Guanajuato", "GRO": "Guerrero", "HID": "Hidalgo", "JAL": "Jalisco",
    "MEX": "Estado de México", "MIC": "Michoacán", "MOR": "Morelos", "NAY": "Nayarit", "NLE": "Nuevo León",
    "OAX": "Oaxaca", "PUE": "Puebla", "QUE": "Querétaro", "ROO": "Quintana Roo", "SLP": "San Luis Potosí",
    "SIN": "Sinaloa", "SON": "Sonora", "TAB": "Tabasco", "TAM": "Tamaulipas", "TLA": "Tlaxcala",
    "VER": "Veracruz", "YUC": "Yucatán", "ZAC": "Zacatecas",
}

BY_COUNTRY: dict[str, dict[str, str]] = {"US": US, "CA": CA, "MX": MX}
COUNTRY_NAMES = {"US": "the United States", "CA": "Canada", "MX": "Mexico"}
WORDS = {"US": "state, DC or territory", "CA": "province or territory", "MX": "state"}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c) and c.isalnum())


def problem(country: str, state: str) -> str | None:
    """Why `state` is not a code of `country`'s list, with the fix; None when it is (or no list)."""
    table = BY_COUNTRY.get(country)
    if table is None or state in table:
        return None
    folded = _fold(state)
    by_name = {_fold(name): code for code, name in table.items()}
    by_code = {code.casefold(): code for code in table}
    if folded in by_name:
        return f"state: '{state}' is a name; write its code (did you mean '{by_name[folded]}'?)"
    if state.casefold() in by_code:
        return f"state: write '{by_code[state.casefold()]}' in capitals, not '{state}'"
    for other, other_table in BY_COUNTRY.items():
        if other != country and state in other_table:
            return (f"state: '{state}' is {other_table[state]}, in {COUNTRY_NAMES[other]}; "
                    f"add 'country: {other}', or use a {WORDS[country]} code of {COUNTRY_NAMES[country]}")
    hint = difflib.get_close_matches(folded, list(by_name), n=1, cutoff=0.75)
    where = f"not a {WORDS[country]} code of {COUNTRY_NAMES[country]}"
    if hint:
        code = by_name[hint[0]]
        return f"state: '{state}' is {where} (did you mean '{code}' for {table[code]}?)"
    return f"state: '{state}' is {where}; use its code, e.g. {', '.join(list(table)[:4])}"


def full_name(country: str, state: str) -> str:
    """`full_name("US", "IL")` -> "Illinois"; the state as written where the country has no list."""
    return BY_COUNTRY.get(country, {}).get(state, state)
