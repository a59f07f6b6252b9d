"""Check a city's `state` against its country's list, with did-you-mean from full names.

`state: Illinois` -> "did you mean 'IL'?"; `state: QC` on a US city -> "QC is in Canada:
add 'country: CA'". The index groups cities under the state's full name.
"""

from __future__ import annotations

import difflib
import unicodedata

from citypages.places.regions import BY_COUNTRY, COUNTRY_NAMES, WORDS


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
    names = list(by_name)
    hint = difflib.get_close_matches(folded, names, n=1, cutoff=0.75)
    where = f"not a {WORDS[country]} code of {COUNTRY_NAMES[country]}"
    if hint:
        code = by_name[hint[0]]
        return f"state: '{state}' is {where} (did you mean '{code}' for {table[code]}?)"
    sample = ", ".join(list(table)[:4])
    return f"state: '{state}' is {where}; use its code, e.g. {sample}"


def full_name(country: str, state: str) -> str:
    """`full_name("US", "IL")` -> "Illinois"; the state as written where the country has no list."""
    return BY_COUNTRY.get(country, {}).get(state, state)
