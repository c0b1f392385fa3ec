"""Control data from a folder of files, the layout of ``../shared/data/controls``::

    us/ccl-eccn-fulltext-from-ecfr.json    CCL ECCN records (heading, items, related controls)
    us/seelpeed-ccl.json                   CCL reasons for control and Country Chart rows
    us/seelpeed-country-chart.json         Commerce Country Chart (15 CFR 738 Supp. 1)
    us/seelpeed-country-groups.json        Country Groups (15 CFR 740 Supp. 1)
    wassenaar/*.txt | wassenaar/*.pdf      the Wassenaar list (text with "<<<PAGE n>>>" marks)
    ecfr/part-738.xml, part-740.xml, part-774.xml   or the eCFR versioner API's XML instead

Each dataset is normalised into the payload of :mod:`exportctl.model.controls`; a dataset
whose files are absent is simply not returned, a file that is present but unreadable or of an
unexpected shape is refused with its path named.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from exportctl.errors import InvalidInput
from exportctl.model.controls import ControlData, dataset_payload_errors

__all__ = [
    "CCL_FULLTEXT",
    "CCL_META",
    "COUNTRY_CHART",
    "COUNTRY_GROUPS",
    "read_folder",
    "us_ccl_payload",
    "validated",
    "wassenaar_issued",
]

CCL_FULLTEXT = Path("us/ccl-eccn-fulltext-from-ecfr.json")
CCL_META = Path("us/seelpeed-ccl.json")
COUNTRY_CHART = Path("us/seelpeed-country-chart.json")
COUNTRY_GROUPS = Path("us/seelpeed-country-groups.json")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{path}: cannot read ({exc})", code="controls_invalid") from None
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{path}:{exc.lineno}: not JSON ({exc.msg})", code="controls_invalid"
        ) from None


def _issued(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def validated(data: ControlData, where: str) -> ControlData:
    """``data`` itself, or InvalidInput naming ``where`` and the first problems found."""
    errors = dataset_payload_errors(data.dataset, data.payload)
    if errors:
        raise InvalidInput(
            f"{where}: not a usable {data.dataset} dataset: {'; '.join(errors)}",
            code="controls_invalid",
        )
    return data


def us_ccl_payload(
    full: dict[str, dict[str, Any]], meta: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """Merge CCL records by ECCN: texts from ``full``, reasons and chart rows from ``meta``."""
    entries: dict[str, Any] = {}
    for code in sorted(set(full) | set(meta)):
        f, m = full.get(code, {}), meta.get(code, {})
        reasons = [x.strip() for x in str(m.get("reasonForControl") or "").split(",") if x.strip()]
        chart = [
            {"control": str(r.get("control", "")), "text": str(r.get("countryChart", ""))}
            for r in m.get("countryChart") or []
            if isinstance(r, dict)
        ]
        flags = m.get("licenceExceptionFlags") or {}
        entries[code] = {
            "heading": str(f.get("heading") or m.get("heading") or f.get("text") or ""),
            "items": str(f.get("items_controlled") or ""),
            "related_controls": str(f.get("related_controls") or m.get("relatedControls") or ""),
            "related_definitions": str(f.get("related_definitions") or ""),
            "completeness": f.get("text_completeness"),
            "reasons": reasons,
            "chart": chart,
            "license_exceptions": {str(k): str(v) for k, v in dict(flags).items()},
        }
    return {"entries": entries}


def _us_ccl(folder: Path) -> ControlData | None:
    full_path, meta_path = folder / CCL_FULLTEXT, folder / CCL_META
    if not full_path.is_file() and not meta_path.is_file():
        return None
    meta: dict[str, dict[str, Any]] = {}
    issued: date | None = None
    if meta_path.is_file():
        data = _read_json(meta_path)
        rows = data.get("entries") if isinstance(data, dict) else None
        if not isinstance(rows, list):
            raise InvalidInput(f"{meta_path}: no 'entries' list", code="controls_invalid")
        meta = {str(r["eccn"]).upper(): r for r in rows if isinstance(r, dict) and r.get("eccn")}
        issued = _issued(data.get("ecfrIssueDate"))
    full: dict[str, dict[str, Any]] = {}
    if full_path.is_file():
        rows = _read_json(full_path)
        if not isinstance(rows, list):
            raise InvalidInput(
                f"{full_path}: expected a list of ECCN records", code="controls_invalid"
            )
        for r in rows:
            if isinstance(r, dict) and str(r.get("code", "")).startswith("ECCN-"):
                full[str(r["code"]).removeprefix("ECCN-").upper()] = r
    where = " + ".join(str(p) for p in (full_path, meta_path) if p.is_file())
    return validated(ControlData("us-ccl", us_ccl_payload(full, meta), issued, where), where)


def _country_chart(folder: Path) -> ControlData | None:
    path = folder / COUNTRY_CHART
    if not path.is_file():
        return None
    chart = _read_json(path)
    try:
        payload = {
            "columns": [str(c) for c in chart["columns"]],
            "countries": {
                str(name): sorted(str(m) for m in row.get("marks", []))
                for name, row in chart["countries"].items()
            },
            "embargoed": sorted(str(n) for n in chart.get("embargoed", {})),
            "aliases": {
                **{str(k): str(v) for k, v in chart.get("aliases", {}).items()},
                **{str(k): str(v["row"]) for k, v in chart.get("territoryInheritance", {}).items()},
            },
        }
    except (KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(
            f"{path}: unexpected structure ({exc!r})", code="controls_invalid"
        ) from None
    data = ControlData("us-country-chart", payload, _issued(chart.get("ecfrIssueDate")), str(path))
    return validated(data, str(path))


def _country_groups(folder: Path) -> ControlData | None:
    path = folder / COUNTRY_GROUPS
    if not path.is_file():
        return None
    data = _read_json(path)
    try:
        payload = {
            "groups": {str(g): [str(n) for n in ns] for g, ns in data["groups"].items()},
            "aliases": {str(k): str(v) for k, v in data.get("aliases", {}).items()},
        }
    except (KeyError, TypeError, AttributeError) as exc:
        raise InvalidInput(
            f"{path}: unexpected structure ({exc!r})", code="controls_invalid"
        ) from None
    out = ControlData("us-country-groups", payload, _issued(data.get("ecfrIssueDate")), str(path))
    return validated(out, str(path))


_WA_DOC = re.compile(r"WA-LIST \((\d{2})\) (\d+)( Corr\.)?")
_WA_DATE = re.compile(r"\b(\d{2})-(\d{2})-(20\d{2})\b")


def wassenaar_issued(text: str) -> tuple[str | None, date | None]:
    """The document number and the date printed in the page headers of the Wassenaar list."""
    head = text[:20000]
    doc = _WA_DOC.search(head)
    when = _WA_DATE.search(head)
    issued = None
    if when:
        try:
            issued = date(int(when.group(3)), int(when.group(2)), int(when.group(1)))
        except ValueError:
            issued = None
    return (doc.group(0) if doc else None), issued


def _wassenaar(folder: Path) -> ControlData | None:
    base = folder / "wassenaar"
    if not base.is_dir():
        return None
    texts = sorted(base.glob("*.txt"))
    pdfs = sorted(base.glob("*.pdf"))
    if texts:
        path = texts[-1]
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"{path}: cannot read ({exc})", code="controls_invalid") from None
    elif pdfs:
        from exportctl.controls.wassenaar import pdf_text

        path = pdfs[-1]
        raw = path.read_bytes()
        text = pdf_text(raw, str(path))
    else:
        return None
    doc, issued = wassenaar_issued(text)
    payload = {"text": text, "document": doc, "sha256": hashlib.sha256(raw).hexdigest()}
    return validated(ControlData("wassenaar", payload, issued, str(path)), str(path))


def read_folder(folder: Path, datasets: tuple[str, ...] | None = None) -> list[ControlData]:
    """Every dataset found in ``folder`` (only ``datasets`` when given).

    Raises:
        InvalidInput: a file is present but unreadable or not the expected shape.
    """
    from exportctl.controls.ecfr import read_ecfr_folder

    wanted = set(datasets) if datasets else None
    found: dict[str, ControlData] = {}
    readers = {
        "us-ccl": _us_ccl,
        "us-country-chart": _country_chart,
        "us-country-groups": _country_groups,
        "wassenaar": _wassenaar,
    }
    for name, reader in readers.items():
        if wanted is not None and name not in wanted:
            continue
        data = reader(folder)
        if data is not None:
            found[name] = data
    for data in read_ecfr_folder(folder / "ecfr"):
        if (wanted is None or data.dataset in wanted) and data.dataset not in found:
            found[data.dataset] = data
    return [found[n] for n in readers if n in found]
