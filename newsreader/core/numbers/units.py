"""Units and currencies written next to a figure, and the one name each is known by.

A figure with a unit or a currency is a measure, not a count: "$5 million" and "5 million
people" never meet, and neither do "10kg" and "10 km". Units are found right after the number,
glued ("256GB", "10kg", "25lbs") or after one space ("44 mg", "19,000 sq. kms", "35 °C"), and
become part of the figure's span; currencies are found before it ("$99.99", "US$ 5 million",
"€20", "USD 40", "Rs. 500") by :mod:`newsreader.core.numbers.hedges`, or as the noun after it
("40 dollars", "300 yuan") by :mod:`newsreader.core.numbers.describe`. :func:`unit_name` gives
every spelling its one name (the ``unit`` facet): "kms" and "km" are "km", "$" and "dollars"
are "dollars", "%" and "per cent" are "percent".

Only abbreviations and symbols are taken into the span: they are unambiguous after a number.
"m" (metres, or millions in British copy), "g" ("5G"), "t", "in" and "mi" are left alone.
"""

from __future__ import annotations

import re

# Abbreviations and symbols after a number, as written (case matters: "MB" is not "mb").
_ABBREVIATIONS = {
    "km": "km", "kms": "km", "km²": "km²", "km2": "km²", "sq km": "km²", "sq. km": "km²",
    "sq kms": "km²", "sq. kms": "km²", "sq mi": "sq mi", "sq. mi": "sq mi", "sq miles": "sq mi",
    "cm": "cm", "mm": "mm", "ft": "ft", "kg": "kg", "kgs": "kg", "mg": "mg", "mcg": "mcg",
    "lb": "lb", "lbs": "lb", "oz": "oz", "ml": "ml", "mL": "ml", "cc": "cc",
    "mph": "mph", "kph": "km/h", "km/h": "km/h", "kmh": "km/h", "mpg": "mpg", "bpd": "bpd",
    "KB": "KB", "kB": "KB", "MB": "MB", "GB": "GB", "TB": "TB", "Gb": "Gb", "Mb": "Mb",
    "Hz": "Hz", "kHz": "kHz", "MHz": "MHz", "GHz": "GHz", "kW": "kW", "MW": "MW", "GW": "GW",
    "kWh": "kWh", "MWh": "MWh", "GWh": "GWh", "TWh": "TWh", "mAh": "mAh", "hp": "hp",
    "bhp": "hp", "%": "percent", "°C": "°C", "ºC": "°C", "°F": "°F", "ºF": "°F", "°": "degrees",
    "º": "degrees", "pct": "percent", "percent": "percent", "per cent": "percent",
}  # fmt: skip
# Words for units and currencies after a number, folded ("40 dollars", "300 yuan", "5 USD").
_WORDS = {
    "percent": "percent", "per cent": "percent", "pct": "percent", "percentage": "percent",
    "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "miles", "mile": "miles", "metres": "metres", "meters": "metres", "metre": "metres",
    "meter": "metres", "feet": "ft", "foot": "ft", "inches": "inches", "inch": "inches",
    "kilograms": "kg", "kilogram": "kg", "kilos": "kg", "grams": "grams", "gram": "grams",
    "tonnes": "tonnes", "tonne": "tonnes", "tons": "tonnes", "ton": "tonnes",
    "ounces": "oz", "litres": "litres", "liters": "litres", "gallons": "gallons",
    "barrels": "barrels", "acres": "acres", "hectares": "hectares", "degrees": "degrees",
    "dollars": "dollars", "dollar": "dollars", "usd": "US dollars", "euros": "euros",
    "euro": "euros", "eur": "euros", "pounds": "pounds", "pound": "pounds", "gbp": "pounds",
    "sterling": "pounds", "yen": "yen", "jpy": "yen", "yuan": "yuan", "renminbi": "yuan",
    "rmb": "yuan", "cny": "yuan", "rubles": "roubles", "roubles": "roubles", "rub": "roubles",
    "rupees": "rupees", "rupee": "rupees", "inr": "rupees", "francs": "francs", "chf": "francs",
    "lira": "lira", "liras": "lira", "manat": "manat", "drams": "drams", "won": "won",
    "cents": "cents", "pence": "pence", "pesos": "pesos", "rand": "rand", "naira": "naira",
    "dirhams": "dirhams", "riyals": "riyals", "shekels": "shekels", "bitcoin": "bitcoin",
    "square foot": "sq ft", "square feet": "sq ft", "square metre": "m²", "square meter": "m²",
    "square metres": "m²", "square meters": "m²", "square kilometre": "km²",
    "square kilometer": "km²", "square kilometres": "km²", "square kilometers": "km²",
    "square mile": "sq mi", "square miles": "sq mi",
}  # fmt: skip
_CURRENCY_SIGNS = {
    "$": "dollars", "US$": "US dollars", "USD": "US dollars", "A$": "Australian dollars",
    "AU$": "Australian dollars", "C$": "Canadian dollars", "CA$": "Canadian dollars",
    "HK$": "Hong Kong dollars", "NZ$": "New Zealand dollars", "S$": "Singapore dollars",
    "R$": "reais", "€": "euros", "EUR": "euros", "£": "pounds", "GBP": "pounds", "¥": "yen",
    "JPY": "yen", "CNY": "yuan", "RMB": "yuan", "₹": "rupees", "Rs": "rupees",
    "Rs.": "rupees", "INR": "rupees", "₽": "roubles", "RUB": "roubles", "₺": "lira",
    "TRY": "lira", "CHF": "francs", "₩": "won", "KRW": "won",
}  # fmt: skip
CURRENCIES = frozenset(_CURRENCY_SIGNS.values()) | frozenset(
    "pounds yen yuan roubles rupees francs lira manat drams won cents pence pesos rand naira"
    " dirhams riyals shekels bitcoin dollars euros".split()
)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", " ?") for w in sorted(words, key=len, reverse=True))


_ALPHA = [w for w in _ABBREVIATIONS if w[0].isalpha()]
# Glued to the digits ("256GB", "10kg"): letters only, and not "pct"/"percent".
GLUED_UNIT = _alternation([w for w in _ALPHA if " " not in w and w not in ("percent", "pct")])
# After the number, glued or after one space: "10 kg", "5 per cent", "35°C", "19,000 sq. kms".
UNIT_AFTER_RE = re.compile(
    r"(?P<sym>%|[°º][CF]?(?![a-z]))|[ \u00a0](?:(?P<sp>%|[°º][CF]?(?![a-z]))|(?P<u>"
    + _alternation([*_ALPHA, "per cent"])
    + r")(?![A-Za-z0-9_²]))"
)
CURRENCY_BEFORE_RE = re.compile(
    r"(?P<c>" + _alternation(sorted(_CURRENCY_SIGNS)) + r")[ \u00a0]?\Z"
)


_SIGNS = "$€£¥₹₽₺₩"


def unit_name(written: str) -> str:
    """The one name of a unit or currency as written ("kms" -> "km", "US$" -> "US dollars",
    "Yuan" -> "yuan"); ``""`` if it is not one."""
    name = _ABBREVIATIONS.get(written) or _CURRENCY_SIGNS.get(written)
    if name:
        return name
    folded = " ".join(written.lower().replace(".", " ").replace("-", " ").split())
    return _WORDS.get(folded, "")


def currency_before(text: str, s: int) -> int:
    """Start of a currency sign or code right before ``s`` ("$", "US$ ", "€", "USD ", "Rs. "),
    or ``s`` if there is none. A code must not be glued to a word before it ("GBUSD 5")."""
    if not s:
        return s
    ch = text[s - 1]
    if ch == " " and s > 1:
        ch = text[s - 2]
        if not (ch in _SIGNS or ch == "." or ch.isupper()):
            return s
    elif ch not in _SIGNS:
        return s
    m = CURRENCY_BEFORE_RE.search(text, max(0, s - 5), s)
    if m is None:
        return s
    start = m.start()
    if start and (text[start - 1].isalnum() and m.group("c")[0].isalpha()):
        return s
    return start
