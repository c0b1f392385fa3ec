"""Goods in alert prose: machines, parts and materials, with models and technical parameters.

An item is made from a *specific* mention of a known type — one with a model number
("model DMC-3000 double-column machining center"), an article or a quantity ("a double-column
machining center", "two tonnes of carbon fibre"), or parameters in the same sentence. Generic
talk ("CNC machine tool exports", "imported machine tools") is not an item. Mentions of the same
type are one item; "this machine" / "the machine" refer to the last item named, so a later
sentence's "controlled ... if sold in a 5-axis configuration" attaches to it. A part named with
the machine it serves ("a 20,000-rpm spindle for a DMC-3000 ...") is recorded on that machine:
its parameters go under the part's path (``spindle.max_speed``) and the part under ``parts``.

Parameter paths and units follow the item specs of ``exportctl classify`` (``spindle.max_speed:
"20000 rpm"``, ``axes.simultaneous_contouring: 5``), so an extracted item can be classified.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources

import yaml

from exportctl.intake.facts import regimes_in
from exportctl.intake.sentences import Sentence
from exportctl.model.alert import ExtractedItem

__all__ = ["ItemType", "find_items", "item_types", "item_types_re"]


@dataclass(frozen=True)
class ItemType:
    """A kind of good the extractor recognises: its canonical name, category and pattern.

    ``part`` names the path under which a part's parameters are recorded on the machine it
    belongs to (``spindle``); ``None`` for whole machines, equipment and materials.
    """

    name: str
    category: str
    pattern: str
    part: str | None = None


@cache
def item_types() -> tuple[ItemType, ...]:
    """The recognised item types (``data/items.yaml``), most specific first; loaded on first
    use."""
    text = resources.files("exportctl.intake").joinpath("data/items.yaml").read_text("utf-8")
    return tuple(ItemType(**entry) for entry in yaml.safe_load(text))


@cache
def item_types_re() -> re.Pattern[str]:
    """All item types in one pattern, group ``t<n>`` for type ``n``: the leftmost mention
    wins, and at one position the type listed first (the more specific)."""
    alternatives = "|".join(f"(?P<t{n}>{t.pattern})" for n, t in enumerate(item_types()))
    return re.compile(rf"\b(?:{alternatives})\b", re.I)


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "single": 1, "eleven": 11, "twelve": 12, "fifteen": 15,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100,
}  # fmt: skip
# A figure: "20,000", "5.49", "600". Thousands groups are bounded so that a long run of digits
# and commas cannot make a match attempt at every position scan the whole run.
_NUM = r"(?:\d{1,3}(?:,\d{3}){1,4}(?![\d,])|\d{1,12})(?:\.\d{1,6})?"
_COUNT = rf"(?:\d+|{'|'.join(_NUMBER_WORDS)})"

# Model numbers. After "model"/"type": up to a brand word, a series code and the number
# ("model Vertex CMM 1210", "type KPS 850", "model JBM 7-CNC", "model HX-630 5AX"), with a short
# code after the number only at the end of the phrase ("TK-36 SY,"). Without the keyword:
# letters then a digit ("DMC-3000", "T800H", "VMC-1250/5X", "HWM-5X 800") or a series code and
# a number ("MCV 1000-5A", "HVT 1600"). Cable ids, years and "IN 2006" are filtered out below.
_DIGIT_TOKEN = r"[A-Z0-9]*(?:-[A-Z0-9]*)?\d[A-Za-z0-9\-/.]*[A-Za-z0-9]|\d"
_KEYWORD_MODEL = (
    rf"(?:[A-Z][a-z]+\s+)?(?:[A-Z]{{2,5}}\s+)?(?:{_DIGIT_TOKEN})(?:\s+(?:{_DIGIT_TOKEN}))?"
    r"(?:\s+[A-Z]{1,3}(?=\s*[,.;)]|\s*$))?"
)
_BARE_MODEL = (
    r"[A-Z]{1,5}-?\d[A-Z0-9]{0,5}(?:[-/][A-Z0-9]{1,5})?(?:\s\d{2,5}(?![\d,.]))?"
    r"|[A-Z]{2,5}\s\d[A-Z0-9]{0,5}(?:[-/][A-Z0-9]{1,5})?(?![\w,.]\d)"
)
_MODEL_RE = re.compile(
    rf"\b(?i:model|type)\s+(?P<m1>{_KEYWORD_MODEL})(?![\w-])"
    rf"|\b(?P<m2>{_BARE_MODEL})(?:-(?:grade|class|series|type))?\b"
)
_MODEL_AFTER_RE = re.compile(
    rf"^\s*[(,]?\s*(?:(?i:(?:of\s+(?:the\s+)?)?(?:model|type))\s+(?P<m1>{_KEYWORD_MODEL})(?![\w-])"
    rf"|(?P<m2>{_BARE_MODEL})(?=[\s,.;)]|$))"
)
# Words in capitals that a number follows without being a model ("IN 2006", "NOV 09").
_NOT_SERIES = frozenset(
    {"IN", "ON", "BY", "OF", "TO", "AT", "AND", "THE", "FOR", "FROM", "WITH", "SINCE", "UNTIL",
     "OR", "AS", "ABOUT", "SOME", "ALL", "TOTAL", "NO", "NR", "PARA", "REF", "ID", "MAX", "MIN"}
    | {m.upper() for m in ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
                           "sept", "oct", "nov", "dec")}
)  # fmt: skip


def _plausible_model(model: str) -> bool:
    words = model.split()
    if len(words) > 1 and words[0].upper() in _NOT_SERIES:
        return False
    return not re.fullmatch(r"(?:19|20)\d\d", words[-1]) or len(words) > 2


# Determiners and quantities that make a mention specific.
_SPECIFIC_BEFORE_RE = re.compile(
    rf"\b(?:a|an|the|this|that|one|its|{_COUNT}(?:\s+units?\s+of)?|{_NUM}\s*(?:kg|kilograms?|"
    r"tonnes?|tons?|metric\s+tons?|t|lbs?|pounds?|meters?|metres?|m)\s+of)\s+(?:[\w\-,()]+\s+){0,4}$",
    re.I,
)
# A plural is specific too when it is a consignment: "a container of frequency converters".
_CONSIGNMENT_BEFORE_RE = re.compile(
    r"\b(?:a|an|the|one|this)\s+(?:container|shipment|consignment|batch|lot|pallet|crate|"
    r"order|quantity|number)s?\s+of\s+(?:[\w\-]+\s+){0,2}$",
    re.I,
)
# Words that cannot stand between a bare count and its item ("in 2006 a lathe" is no count).
_GAP_STOP = frozenset(
    {"a", "an", "the", "of", "in", "on", "by", "for", "to", "from", "with", "and", "or", "at"}
    | {"was", "were", "is", "are"}
)
# "this machine", "the furnace": a reference to the last item named. The nouns are generic
# ones plus the head noun of every item type.
_ANAPHORA_NOUNS = r"machine|equipment|item|system|material|product|goods|unit"


@cache
def _anaphora_re() -> re.Pattern[str]:
    heads = {re.escape(t.name.split()[-1]) for t in item_types()}
    nouns = "|".join(sorted(heads | set(_ANAPHORA_NOUNS.split("|"))))
    number = rf"(?:\d{{1,3}}|{'|'.join(_NUMBER_WORDS)})"
    # "the two machines", and a count alone: "for two machines, model FWM 2400-6".
    return re.compile(
        rf"\b(?:(?:this|the|that|such|these)\s+(?:(?P<n>{number})\s+)?|(?P<c>{number})\s+)"
        rf"(?:{nouns})s?\b",
        re.I,
    )


_QUANTITY_RE = re.compile(
    rf"(?<![\w\-/.])(?P<n>{_NUM}|{'|'.join(_NUMBER_WORDS)})\b\s*(?P<u>kg|kilograms?|tonnes?|metric\s+tons?|"
    r"tons?|units?|sets?|pieces?|meters?|metres?)?\s+(?:of\s+)?(?:[\w\-]+\s+){0,4}$",
    re.I,
)

# Nouns after a type that make the type a modifier ("machine tool manufacturer").
_ATTRIBUTIVE_RE = re.compile(
    r"^[\s-]+(?:manufacturers?|makers?|producers?|exports?|imports?|industry|industries|"
    r"sector|assistance|compan(?:y|ies)|firms?|sales|trade|suppliers?|technology|programs?|"
    r"programmes?|business|market|builders?|exporters?|importers?|distributors?|speeds?|"
    r"dealers?|shops?|workshops?|factory|factories|plants?|fairs?|exhibitions?)\b",
    re.I,
)

# Technical parameters: (pattern, item-spec path, unit when the pattern has no unit group).
_MICRO_UNITS = r"(?P<u>µm|um|μm|microns?|micrometers?|micrometres?|mm)"
_AT_LEAST = r"(?:at\s+least\s+|over\s+|above\s+|more\s+than\s+|up\s+to\s+)?"
_PLUS_MINUS = r"(?:±\s*|\+/-\s*)?"
_PARAMETERS: list[tuple[re.Pattern[str], str, str | None]] = [
    (re.compile(rf"(?P<v>{_NUM})\s*-?\s*rpm\b", re.I), "spindle.max_speed", "rpm"),
    (re.compile(rf"\b(?P<v>{_COUNT})[- ]axis\b", re.I), "axes.simultaneous_contouring", None),
    (
        re.compile(
            rf"(?:positioning\s+)?repeatability\s+(?:of\s+)?{_PLUS_MINUS}(?P<v>{_NUM})\s*"
            + _MICRO_UNITS,
            re.I,
        ),
        "positioning.repeatability",
        None,
    ),
    (
        re.compile(
            rf"positioning\s+accuracy\s+(?:of\s+)?{_PLUS_MINUS}(?P<v>{_NUM})\s*" + _MICRO_UNITS,
            re.I,
        ),
        "positioning.accuracy",
        None,
    ),
    (
        re.compile(
            rf"tensile\s+strength\s+(?:of\s+)?{_AT_LEAST}(?P<v>{_NUM})\s*(?P<u>GPa|MPa)\b", re.I
        ),
        "tensile_strength",
        None,
    ),
    (
        re.compile(
            rf"(?:tensile\s+)?modulus\s+(?:of\s+)?{_AT_LEAST}(?P<v>{_NUM})\s*(?P<u>GPa|MPa)\b",
            re.I,
        ),
        "tensile_modulus",
        None,
    ),
    (
        re.compile(rf"\b(?P<v>{_COUNT})[- ]rollers?\b|\b(?P<v2>{_COUNT})\s+rollers\b", re.I),
        "rollers",
        None,
    ),
    (
        re.compile(
            rf"(?:workpiece\s+|blank\s+|part\s+)?diameter\s+(?:of\s+)?{_AT_LEAST}"
            rf"(?P<v>{_NUM})\s*(?P<u>mm|m)\b",
            re.I,
        ),
        "max_diameter",
        None,
    ),
    (
        re.compile(
            rf"(?:workpiece\s+|part\s+|mandrel\s+)?length\s+(?:of\s+)?{_AT_LEAST}"
            rf"(?P<v>{_NUM})\s*(?P<u>mm|m)\b",
            re.I,
        ),
        "max_length",
        None,
    ),
    (
        re.compile(
            rf"(?P<v>{_NUM})\s*(?P<u>mm)\s+(?:of\s+)?(?:[xyz][- ]axis\s+)?travel\b"
            rf"|travel\s+of\s+(?P<v2>{_NUM})\s*(?P<u2>mm)\b",
            re.I,
        ),
        "travel",
        None,
    ),
    (
        re.compile(
            rf"force\s+(?:of\s+)?{_AT_LEAST}(?P<v>{_NUM})\s*(?P<u>kN|tonnes?|tons?)\b", re.I
        ),
        "force",
        None,
    ),
    (re.compile(rf"(?P<v>{_NUM})\s*(?P<u>kW)\b", re.I), "power", None),
    (
        re.compile(
            rf"(?:output\s+)?frequency\s+(?:range\s+)?(?:of\s+)?(?P<v>{_NUM})\s*(?P<u>Hz|kHz)"
            rf"(?:\s*(?:to|-|–)\s*(?P<hi>{_NUM})\s*(?P<hu>Hz|kHz))?",
            re.I,
        ),
        "output_frequency",
        None,
    ),
    (
        re.compile(
            rf"temperature\s+(?:of\s+)?{_AT_LEAST}(?P<v>{_NUM})\s*(?:°|&deg;|deg(?:rees)?\s*)?"
            r"\s*(?P<u>C|F)\b",
            re.I,
        ),
        "max_temperature",
        None,
    ),
    (
        re.compile(
            rf"melt(?:ing)?\s+capacity\s+(?:of\s+)?{_AT_LEAST}(?P<v>{_NUM})\s*(?P<u>kg|t)\b", re.I
        ),
        "melt_capacity",
        None,
    ),
]
_HAS_NUMBER_RE = re.compile(rf"\d|\b(?:{'|'.join(_NUMBER_WORDS)})\b", re.I)

# Unit spellings to the symbols item specs use.
_UNITS = {
    "µm": "um", "μm": "um", "micron": "um", "microns": "um", "micrometer": "um",
    "micrometers": "um", "micrometre": "um", "micrometres": "um", "tonne": "t", "tonnes": "t",
    "ton": "t", "tons": "t", "kw": "kW", "kn": "kN", "gpa": "GPa", "mpa": "MPa",
    "kilogram": "kg", "kilograms": "kg", "metric tons": "t", "metric ton": "t",
}  # fmt: skip


@dataclass
class _Mention:
    type: ItemType
    start: int
    end: int
    model: str | None
    specific: bool
    quantity: str | None


@dataclass(eq=False)  # identity: two items with equal fields are still two items
class _Item:
    type: ItemType
    model: str | None = None
    parameters: dict[str, str | int | float] = field(default_factory=dict)
    parts: list[str] = field(default_factory=list)
    quantity: str | None = None
    regimes: list[str] = field(default_factory=list)

    def freeze(self) -> ExtractedItem:
        description = f"{self.model} {self.type.name}" if self.model else self.type.name
        return ExtractedItem(
            description=description,
            model=self.model,
            type=self.type.name,
            category=self.type.category,
            parameters=self.parameters,
            parts=self.parts,
            quantity=self.quantity,
            regimes=self.regimes,
        )


# "turning centers with live tooling, model TC 560Y": a keyword model a short phrase after the
# type, set off by a comma.
_MODEL_LATER_RE = re.compile(
    rf"^[^.;:,]{{1,30}}?,\s*(?i:model|type)\s+(?P<m1>{_KEYWORD_MODEL})(?![\w-])"
)


def _mentions(text: str, upper: bool) -> list[_Mention]:
    """Item-type mentions in a sentence, left to right. A model goes to one mention: the
    machine it follows ("HMC 630 with a rotary table", "lathes, model TC 560Y, and CNC
    controls"), not also to the part named after it."""
    found: list[_Mention] = []
    types = item_types()
    matches = list(item_types_re().finditer(text))
    claimed: set[str] = set()
    for k, m in enumerate(matches):
        itype = types[int((m.lastgroup or "t0")[1:])]
        # The text after the type up to the next type named: a model there is this one's.
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        after = text[m.end() : min(m.end() + 40, end)]
        if not upper and all(w[:1].isupper() for w in m.group(0).split()):
            continue  # capitalised in mixed case: part of a name ("Ohio ... Machine Tools Inc.")
        if _ATTRIBUTIVE_RE.match(after):
            continue  # "machine tool manufacturer", "machine tool exports": a modifier
        before = text[max(0, m.start() - 80) : m.start()]
        model = _model_near(before, after, claimed)
        if model is None:
            later = _MODEL_LATER_RE.match(text[m.end() : min(m.end() + 60, end)])
            if later and _plausible_model(later.group("m1")):
                model = later.group("m1")
        if model:
            claimed.add(model)
        quantity = _quantity(before)
        plural = m.group(0).lower().endswith("s") and itype.category != "material"
        specific = (
            bool(model or quantity)
            or (not plural and _SPECIFIC_BEFORE_RE.search(before) is not None)
            or _CONSIGNMENT_BEFORE_RE.search(before) is not None
        )
        found.append(_Mention(itype, m.start(), m.end(), model, specific, quantity))
    return found


def _model_near(before: str, after: str, claimed: set[str] | None = None) -> str | None:
    """A model number right before the type ("DMC-3000 double-column ...", at most three
    words between) or right after it ("machining center (model DMC-3000)", "CNC control
    ECT-5000 units")."""
    tail = before[-60:]
    best: str | None = None
    for m in _MODEL_RE.finditer(tail):
        gap = tail[m.end() :]
        model = m.group("m1") or m.group("m2")
        if model in (claimed or ()):
            continue  # the model of the machine named before this one ("HMC 630 with a ...")
        if (
            len(re.findall(r"[\w\-]+", gap)) <= 3
            and not re.search(r"[.;:]", gap)
            and _plausible_model(model)
        ):
            best = model
    if best:
        return best
    following = _MODEL_AFTER_RE.match(after)
    if following:
        model = following.group("m1") or following.group("m2")
        if _plausible_model(model):
            return model
    return None


def _quantity(before: str) -> str | None:
    """The quantity written before a mention: "two tonnes of", "500 kg of", "three CNC"."""
    m = _QUANTITY_RE.search(before[-50:])
    if not m:
        return None
    n = m.group("n").lower()
    value = str(_NUMBER_WORDS.get(n, n)).replace(",", "")
    if not m.group("u"):
        # A bare count only right before the item ("three CNC turning centers"), never a year
        # ("supplied in 2006 a ...").
        gap = m.group(0)[len(m.group("n")) :].split()
        small = value.isdigit() and int(value) < 1000
        if not small or any(w.lower() in _GAP_STOP for w in gap):
            return None
        return value
    unit = " ".join(m.group("u").lower().split())
    unit = _UNITS.get(unit, unit)
    if unit.startswith(("unit", "set", "piece")):
        return value
    return f"{value} {unit}"


def _parameters(text: str) -> list[tuple[int, str, str | int | float]]:
    """Technical parameters in a sentence: (position, item-spec path, value)."""
    params: list[tuple[int, str, str | int | float]] = []
    if not _HAS_NUMBER_RE.search(text):
        return params  # most sentences: no figure, no parameter
    for rx, path, unit in _PARAMETERS:
        for m in rx.finditer(text):
            groups = m.groupdict()
            raw = groups.get("v") or groups.get("v2")
            if raw is None:
                continue
            raw_unit = groups.get("u") or groups.get("u2") or unit
            number = str(_NUMBER_WORDS.get(raw.lower(), raw.replace(",", "")))
            value: str | int | float
            if raw_unit is None:
                value = int(number)
            elif path.startswith("positioning.") and raw_unit.lower() == "mm":
                # "0.004 mm (4 microns)": accuracies are compared in micrometres.
                microns = Decimal(number) * 1000
                value = f"{microns.normalize():f} um"
            else:
                value = f"{number} {_UNITS.get(raw_unit.lower(), raw_unit)}"
                if groups.get("hi"):  # a range: "600 Hz to 2,000 Hz"
                    high, high_unit = groups["hi"].replace(",", ""), groups.get("hu") or raw_unit
                    value += f" to {high} {_UNITS.get(high_unit.lower(), high_unit)}"
            params.append((m.start(), path, value))
    return params


def find_items(sentences: Sequence[Sentence]) -> list[ExtractedItem]:
    """Items (goods, parts, materials) the sentences are about, in order of first mention."""
    items: list[_Item] = []
    last: _Item | None = None
    # The last type named only in general ("is buying vacuum induction furnaces"): "three
    # furnaces, model VIF-300" later is that type, counted and with a model.
    last_general: ItemType | None = None
    for sent in sentences:
        text = sent.text
        mentions = _mentions(text, sent.upper)
        params = _parameters(text)
        regimes = regimes_in(text)
        # Where each item is mentioned in this sentence, so a parameter goes to the nearest.
        placed: list[tuple[int, _Item]] = []
        for m in (m for m in mentions if m.type.part is None):
            item = _item_for(items, m, specific=m.specific or bool(params))
            if item is not None:
                placed.append((m.start, item))
        wholes = [item for _, item in placed]
        for m in (m for m in mentions if m.type.part is not None):
            # A part named with a machine in the same sentence belongs to that machine (the
            # nearest one); "this machine" makes it the last machine's.
            owner: _Item | None = None
            if m.model:
                pass  # "eight CNC control ECT-5000 units and two mills": goods of their own
            elif wholes:
                owner = min(placed, key=lambda p: abs(p[0] - m.start))[1]
            elif _anaphora_re().search(text) and last is not None and last.type.part is None:
                owner = last
            if owner is not None:
                if m.type.part and m.type.part not in owner.parts:
                    owner.parts.append(m.type.part)
                placed.append((m.start, owner))
                continue
            item = _item_for(items, m, specific=m.specific or bool(params))
            if item is not None:
                placed.append((m.start, item))
        anaphora = _anaphora_re().search(text) if not placed and not mentions else None
        if anaphora and last_general is not None and (last is None or last.type != last_general):
            head = last_general.name.split()[-1].lower()
            count = anaphora.group("n") or anaphora.group("c")
            model = _MODEL_AFTER_RE.match(text[anaphora.end() :])
            if head in anaphora.group(0).lower() and count and model:
                last = _Item(last_general, quantity=str(_NUMBER_WORDS.get(count.lower(), count)))
                items.append(last)
        if mentions and not placed:
            last_general = mentions[-1].type
        if not placed and last is not None and _anaphora_re().search(text):
            anaphora = _anaphora_re().search(text)
            count = anaphora.group("n") or anaphora.group("c") if anaphora else None
            if anaphora and last.quantity is None and count:
                last.quantity = str(_NUMBER_WORDS.get(count.lower(), count))
            model = _MODEL_AFTER_RE.match(text[anaphora.end() :]) if anaphora else None
            if model and last.model is None and _plausible_model(model["m1"] or model["m2"]):
                last.model = model["m1"] or model["m2"]
                placed = [(0, last)]
            if params or regimes:
                placed = [(0, last)]
        for pos, path, value in params:
            if not placed:
                break
            item = min(placed, key=lambda p: abs(p[0] - pos))[1]
            if path == "spindle.max_speed" and item.type.part == "spindle":
                path = "max_speed"  # the spindle's own speed, when it is the item
            item.parameters.setdefault(path, value)
        for item in dict.fromkeys(i for _, i in placed):
            for r in regimes:
                if r not in item.regimes:
                    item.regimes.append(r)
        if placed:
            last = max(placed, key=lambda p: p[0])[1]
    return [i.freeze() for i in items]


def _item_for(items: list[_Item], m: _Mention, *, specific: bool) -> _Item | None:
    """The item this mention refers to: an existing one of the same type (and model), a new
    one if the mention is specific, else none."""
    for item in items:
        if _same_kind(item.type, m.type) and (m.model is None or item.model in (None, m.model)):
            if m.model and item.model is None:
                item.model = m.model
            if _more_specific(m.type, item.type):
                item.type = m.type
            if m.quantity and item.quantity is None:
                item.quantity = m.quantity
            return item
    if not specific:
        return None
    item = _Item(m.type, model=m.model, quantity=m.quantity)
    items.append(item)
    return item


def _same_kind(a: ItemType, b: ItemType) -> bool:
    """Same type, or two kinds of machining center of which one is the plain kind."""
    if a == b:
        return True
    names = {a.name, b.name}
    return "machining center" in names and all("machining center" in n for n in names)


def _more_specific(a: ItemType, b: ItemType) -> bool:
    return item_types().index(a) < item_types().index(b)
