"""Step 3: roles and countries read from the clauses around each mention, with parties
and countries replaced by placeholders so the patterns read like the prose."""

from __future__ import annotations

import re

from exportctl.intake.countries import find_countries
from exportctl.intake.parties.vocab import TITLES
from exportctl.intake.sentences import Sentence
from exportctl.model.alert import AlertRole

# --- step 3: roles and countries -------------------------------------------------------------

# Placeholders: parties become "@P<n>@", countries "#C:<code>#". In the patterns below "{a}"
# and "{b}" stand for a party placeholder, optionally after a country ("Taiwans Roundtop"),
# and "{w}" for one word, placeholders included ("a #C:DE# distributor").
# A party, optionally after an article, its country and the noun that introduces it: "the
# #C:TR# firm @P1@", "a #C:PK#-based company @P0@".
_P = (
    r"(?:(?:the|a|an)\s+)?(?:#C:[A-Z]{{2}}#(?:-based)?\s+)?"
    r"(?:(?:firm|company|manufacturer|supplier|distributor|entity|importer|exporter|"
    r"trading\s+company|freight\s+forwarder|forwarder|agent|national|businessman)\s+)?"
    r"@P(?P<{0}>\d+)@"
)
_W = r"[\w\-#:]+"
# "{s}" is "{a}" as the subject of a verb further on: after the name may come its acronym, its
# place ("of Vienna, Austria") and one apposition between commas (", which approached ...,").
_S = (
    _P.format("a").replace("{{", "{").replace("}}", "}")
    + r"(?:\s+\([A-Z]+\))?(?:\s+(?:of|in|from|based\s+in)\s+(?:#C:[A-Z]{2}#|[A-Z][\w\-]*)"
    r"(?:,?\s+(?:#C:[A-Z]{2}#|[A-Z][\w\-]*)){0,3})?"
    r"(?:,[^@.]{1,150}?,|,\s*(?:who|which|whose|that|a|an|the|its|owned|based|located)\b"
    r"[^.]{1,150}?,)?,?"
)
# A party the goods go to ("supplied by A to B", "export of ... to B"): the end user unless
# the text names another one, then an intermediary (decided once all sentences are read).
RECIPIENT = "recipient"
# The party an intermediary works for ("an intermediary for Y", "a procurement agent of Y"):
# the end user unless the text names another one; then a buyer further up the chain.
PRINCIPAL = "principal"
Role = AlertRole | str

# Up to two words before the verb, none of them a form of "be": in "X ... were to be
# re-exported", X is not the one exporting.
_ACTIVE = r"(?:(?!(?:is|are|was|were|be|been|being)\b)\w+\s+){0,2}?"

_ROLE_PATTERNS: list[tuple[str, dict[str, Role]]] = [
    (r"(?:supplied|sold|exported|shipped|delivered|provided|transferred)\s+(?:\w+\s+){0,3}?"
     r"by\s+{a}\s+to\s+{b}", {"a": AlertRole.EXPORTER, "b": RECIPIENT}),
    (r"{s}\s+{active}(?:supplied|sold|exported|re-?exported|shipped|delivered|sent|"
     r"(?:re-?)?export|ship|sell|supply|deliver|send)\b"
     r"[^@]{0,100}?\bto\s+{b}", {"a": AlertRole.EXPORTER, "b": RECIPIENT}),
    (r"(?:supplied|sold|exported|shipped|delivered|provided)\s+(?:\w+\s+){0,3}?by\s+{a}",
     {"a": AlertRole.EXPORTER}),
    (r"\bexports?\s+(?:[\w\-()/]+\s+){0,8}?by\s+{a}", {"a": AlertRole.EXPORTER}),
    (r"{s}\s+(?:has\s+|had\s+)?(?:exported|shipped|sold|delivered|supplied)\b",
     {"a": AlertRole.EXPORTER}),
    # "X sent the parts to Tehran via Y": sending goods somewhere is exporting them.
    (r"{s}\s+{active}sent\b[^@.]{0,60}?\b(?:to|via)\b", {"a": AlertRole.EXPORTER}),
    (r"(?:manufactured|made|produced|built)\s+by\s+{a}", {"a": AlertRole.MANUFACTURER}),
    (r"{s}\s+(?:\w+\s+){0,2}?(?:requested|requests|requesting|asked|asks|approached|"
     r"contacted|inquired|enquired|solicited|sought|seeks|seeking)\b",
     {"a": AlertRole.REQUESTER}),
    (r"(?:requested|requesting|asked|approached|contacted|urged)\s+(?:that\s+)?(?:the\s+)?"
     r"(?:{w}\s+){0,3}?{b}\s+(?:\([A-Z]+\)\s+)?(?:to\s+)?(?:send|supply|provide|ship|deliver|"
     r"sell|repair|replace|export|quote)", {"b": AlertRole.SUPPLIER}),
    (r"(?:seek\w*|sought|procur\w*|buy\w*|bought|ordered|ordering|purchas\w*|obtain\w*|acquir\w*|"
     r"import\w*|assistance|help|quot\w*)\b[^@.]{0,120}?\bfrom\s+(?:the\s+)?"
     r"(?:#C:[A-Z]{2}#\s+)?(?:{w}\s+){0,2}?{b}", {"b": AlertRole.SUPPLIER}),
    (r"{s}\s+(?:\w+\s+){0,2}?(?:ordered|purchased|bought|placed\s+(?:an|the)\s+orders?|"
     r"contracted\s+with|signed\s+(?:an?\s+|the\s+)?contract\s+with|"
     r"(?:would\s+like|wants|wanted|plans|planned|intends|intended|is\s+seeking|seeks)\s+to\s+"
     r"(?:order|buy|purchase|procure|acquire|import)|"
     r"(?:tried|attempted|attempting|trying|sought|seeking|seeks|wants|wanted)\s+to\s+"
     r"(?:buy|purchase|procure|acquire|obtain|import))", {"a": AlertRole.PURCHASER}),
    # "X has sought a hot isostatic press", "an enquiry from X for one machining center": a
    # request for goods is a purchase in the making (not "sought assistance").
    (r"{s}\s+(?:\w+\s+){0,2}?(?:sought|seeks|seeking|enquired\s+about|inquired\s+about)\s+"
     r"(?:an?|one|two|three|four|five|six|ten|several|\d+)\s+(?!(?:\w+\s+)?(?:assistance|help|"
     r"information|advice|meeting|clarification)\b)", {"a": AlertRole.PURCHASER}),
    (r"\b(?:enquiry|enquiries|inquiry|inquiries|request|rfq|orders?)\s+from\s+{a}[^@.]{0,80}?"
     r"\bfor\s+(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|several|\d+)\s+",
     {"a": AlertRole.PURCHASER}),
    (r"{a}\s+to\s+(?:provide|supply|send|deliver|ship|sell|export)\b",
     {"a": AlertRole.SUPPLIER}),
    # "placed an order with Y", "asked Y for a quotation": Y is asked to sell.
    (r"\b(?:plac\w*\s+(?:an?\s+|the\s+|its\s+|their\s+)?orders?|contracted|signed\s+(?:an?\s+|the\s+)?"
     r"contract)\s+with\s+(?:the\s+)?"
     r"(?:#C:[A-Z]{2}#\s+)?(?:{w}\s+){0,2}?{b}", {"b": AlertRole.SUPPLIER}),
    (r"\b(?:asked|asks|asking|approached|contacted|requested)\s+(?:the\s+)?(?:{w}\s+){0,2}?{b}"
     r"(?:,[^@.]{1,60}?,)?\s+for\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:quot\w*|offer|prices?|"
     r"proposal|pro[- ]?forma)", {"b": AlertRole.SUPPLIER}),
    (r"(?:destined\s+for|intended\s+for|bound\s+for|earmarked\s+for|on\s+behalf\s+of|for\s+use\s+by|for\s+delivery\s+to|"
     r"for\s+the\s+benefit\s+of|for\s+end[- ]use\s+by|ultimately\s+for)\s+(?:the\s+)?"
     r"(?:[a-z\-]+\s+){0,3}?{a}", {"a": AlertRole.END_USER}),
    # "the end user is X", "the ultimate end user of the machines is X", "for an end user in
    # Iran, X"; an end-user statement or certificate is a document, not a role.
    (r"\bend[- ]users?\b(?!\s+(?:statement|certificate|certification|undertaking|declaration|"
     r"check|verification|control|controls|list|concerns?|use|requirements?))"
     r"\s*(?:is|was|,|:|\(|being|named|would\s+be|will\s+be)?"
     r"\s*(?:the\s+)?(?:(?:#C:[A-Z]{2}#|[\w\-'’]+)\s+){0,3}?"
     r"(?:in\s+#C:[A-Z]{2}#,?\s+)?{a}", {"a": AlertRole.END_USER}),
    (r"\bend[- ]users?\s+(?:of|for)\s+[^@.]{1,60}?\s(?:is|was|would\s+be|will\s+be)\s+"
     r"(?:the\s+)?(?:(?:#C:[A-Z]{2}#|[\w\-'’]+)\s+){0,4}?{a}", {"a": AlertRole.END_USER}),
    (r"{a},\s+(?:the|its|their)\s+(?:\w+\s+)?end[- ]user\b", {"a": AlertRole.END_USER}),
    # "X signed an end-user statement for Y": X buys from Y (the end user it claims to be is
    # the text's to say).
    (r"{s}\s+(?:\w+\s+){0,2}?signed\s+(?:an?\s+|the\s+)?end[- ]user\s+(?:statement|"
     r"certificate|undertaking|declaration)\s+(?:for|to|addressed\s+to|issued\s+to)\s+{b}",
     {"a": AlertRole.PURCHASER, "b": AlertRole.SUPPLIER}),
    (r"{a}[^@.]{0,40}?\b(?:as|is|was|being)\s+(?:the\s+)?(?:\w+\s+)?end[- ]user",
     {"a": AlertRole.END_USER}),
    (r"(?:supplied|sold|exported|re-?exported|shipped|delivered|transferred)\s+"
     r"(?:[\w\-,#:]+\s+){0,6}?to\s+(?:the\s+)?{a}", {"a": RECIPIENT}),
    # The same in any tense, and the verbs of passing goods on: "to deliver the machine to Y",
    # "it was to be passed on to Y", "resold to Y", "diverted to Y".
    (r"\b(?:deliver|ship|send|supply|re-?export|forward|divert|resell|re-sell|transfer|"
     r"(?:pass|passed|hand|handed)\s+(?:on|over)|resold|re-sold|diverted|forwarded|sent)\s+"
     r"(?:[\w\-,]+\s+){0,6}?to\s+(?:the\s+)?{a}", {"a": RECIPIENT}),
    # "The machines are for our customer, Y", "the order is for Y": who the goods are for.
    (r"\b(?:is|are|was|were)\s+(?:(?:really|actually|ultimately|meant|intended|destined)\s+)?"
     r"for\s+(?:(?:our|their|its|his|her|the|a|an)\s+)?(?:(?:customer|client|end[- ]user)\s*,?\s*)?"
     r"{a}", {"a": AlertRole.END_USER}),
    # "to be transshipped to Bandar Abbas for X", "shipped to Istanbul for X": X is who the
    # goods are for.
    (r"\b(?:ship|transship|re-?export|forward|divert|deliver|send|sent)\w*\b[^@.]{0,60}?"
     r"\bfor\s+(?:the\s+)?(?:{w}\s+){0,2}?{a}", {"a": AlertRole.END_USER}),
    # "X will receive them", "received by X": the consignee.
    (r"{s}\s+(?:\w+\s+){0,2}?(?:receive|receives|received)\s+(?:them|it|the\s+[a-z][\w\-]*)\b",
     {"a": AlertRole.CONSIGNEE}),
    # "X arranged the shipment", "arranging for the goods to be shipped": a forwarder's part.
    (r"{s}\s+(?:\w+\s+){0,3}?(?:arrang\w*|organi[sz]\w*|handl\w*)\s+(?:for\s+)?(?:the\s+)?"
     r"(?:\w+\s+){0,3}?(?:shipment|shipping|transport|delivery|freight|to\s+be\s+shipped)",
     {"a": AlertRole.INTERMEDIATE}),
    (r"{a},?\s+(?:(?:is|was)\s+)?(?:an?|the)\s+(?:{w}\s+){0,3}?(?:manufacturer|maker|producer)\b",
     {"a": AlertRole.MANUFACTURER}),
    (r"\b(?:export|exports|re-export|supply|sale|shipment|delivery)\s+of\b[^@.]{0,120}?\bto\s+{a}",
     {"a": RECIPIENT}),
    # "The exporter was X", "the consignee named on the bill of lading was X".
    (r"\b(?:exporter|shipper|consignor)\b[^@.]{0,40}?\b(?:is|was|:)\s+{a}",
     {"a": AlertRole.EXPORTER}),
    (r"\bconsignee\b[^@.]{0,40}?\b(?:is|was|:)\s+{a}", {"a": AlertRole.CONSIGNEE}),
    (r"\b(?:buyer|purchaser|customer)\b[^@.]{0,40}?\b(?:is|was|:)\s+{a}",
     {"a": AlertRole.PURCHASER}),
    (r"\b(?:supplier|seller|vendor)\b[^@.]{0,40}?\b(?:is|was|:)\s+{a}",
     {"a": AlertRole.SUPPLIER}),
    (r"{s}\s+(?:\w+\s+){0,2}?(?:plans?|planned|intends?|intended|agreed|offered|offers|"
     r"offering|tried|attempted)\s+to\s+(?:export|supply|sell|ship|deliver)\b",
     {"a": AlertRole.EXPORTER}),
    (r"\boffer\s+(?:\w+\s+){0,3}?by\s+{a}", {"a": AlertRole.SUPPLIER}),
    # "X is a procurement agent for Y", "a front company used by Y": Y is who it buys for.
    (r"\b(?:procurement\s+agent|purchasing\s+agent|front(?:\s+company)?|intermediary|broker|"
     r"agent)\s+(?:used\s+by|for|of|acting\s+for|working\s+for|on\s+behalf\s+of)\s+"
     r"(?:the\s+)?(?:{w}\s+){0,2}?{b}", {"b": PRINCIPAL}),
    # "X, which supplies Y": Y is further down the chain, who the goods end with.
    (r"{a}[^@.]{0,30}?\b(?:which|who|that)\s+(?:supplies|sells\s+to|delivers\s+to|"
     r"procures\s+for|buys\s+for|works\s+for)\s+(?:the\s+)?(?:{w}\s+){0,2}?{b}",
     {"b": AlertRole.END_USER}),
    # "A and B used Z, a Montreal company, to buy ...": Z is the go-between.
    (r"\b(?:used|uses|using|employed)\s+{a}(?:,[^.]{1,100}?,)?\s+to\s+(?:buy|purchase|"
     r"procure|acquire|obtain|import|ship|export|order)", {"a": AlertRole.INTERMEDIATE}),
    # "procures CNC machine tools for the Second Academy ...": who the goods are bought for.
    (r"\b(?:procur|buy|bought|purchas|acquir|obtain)\w*\s+[^@.]{0,80}?\bfor\s+(?:the\s+)?"
     r"(?:#C:[A-Z]{2}#\s+)?{a}", {"a": AlertRole.END_USER}),
    # "X is using two front companies to buy ...", "X used intermediaries to procure ...":
    # X is who they buy for.
    (r"{s}\s+(?:\w+\s+){0,2}?(?:us\w*|employ\w*|rel\w*\s+on)\s+(?:\w+\s+){0,3}?"
     r"(?:front(?:\s+compan\w+)?s?|intermediar\w+|agents?|brokers?|middlemen|cut-?outs?|"
     r"shell\s+compan\w+)\s+to\s+(?:buy|purchase|procure|acquire|obtain|import)",
     {"a": PRINCIPAL}),
    (r"(?:via|through)\s+(?:the\s+)?(?:[a-z\-]+\s+){0,3}?{a}", {"a": AlertRole.INTERMEDIATE}),
    (r"{s}\s+(?:is|was|are|were|has\s+been)\s+acting\s+(?:on\s+(?:its|their|his|"
     r"her)\s+behalf|on\s+behalf\s+of|as\s+(?:an?\s+)?(?:intermediary|agent|front|broker))",
     {"a": AlertRole.INTERMEDIATE}),
    (r"\b(?:intermediary|intermediaries|broker|(?<!\bin\s)front(?:\s+company)?|middleman|procurement\s+agent|"
     r"trading\s+company|freight\s+forwarder|forwarder|shipping\s+agent|forwarding\s+agent)"
     r"\s*,?\s*{a}", {"a": AlertRole.INTERMEDIATE}),
    (r"{s}\s+(?:acts|acted|acting|served|serves|operated|operates|works|worked)\s+as\s+"
     r"(?:an?|the|its|their)\s+(?:{w}\s+){0,3}?(?:intermediary|broker|front|middleman|agent|"
     r"forwarder|procurement\s+agent|purchasing\s+agent|conduit)", {"a": AlertRole.INTERMEDIATE}),
    # "Y, who would forward it onwards", "Y, which was to pass them on": a link in the chain.
    (r"{a}[^@.]{0,60}?\b(?:who|which|that)\s+(?:would|will|was\s+to|were\s+to|is\s+to|"
     r"are\s+to|then|later)\s+(?:\w+\s+)?(?:forward|pass|send|ship|re-?export|transship|"
     r"deliver|resell|hand)\w*\b", {"a": AlertRole.INTERMEDIATE}),
    (r"{a},?\s+(?:(?:is|was|are|were|acts\s+as|acted\s+as)\s+)?(?:an?|the)\s+(?:{w}\s+){0,4}?"
     r"(?:intermediary|broker|front\s+company|middleman|procurement\s+agent|trading\s+company|"
     r"freight\s+forwarder|forwarder|shipping\s+agent|forwarding\s+agent|agent)",
     {"a": AlertRole.INTERMEDIATE}),
    (r"\bconsignee\s*,?\s*(?:is\s+|was\s+)?{a}", {"a": AlertRole.CONSIGNEE}),
    (r"\bconsigned\s+to\s+{a}", {"a": AlertRole.CONSIGNEE}),
    (r"\b(?:purchase\s+)?orders?\s+from\s+{a}", {"a": AlertRole.PURCHASER}),
    (r"\b(?:enquiry|enquiries|inquiry|inquiries|request|approach(?:es)?)\s+from\s+{a}",
     {"a": AlertRole.REQUESTER}),
    (r"{a}[^@.]{0,30}?\bas\s+(?:the\s+)?consignee", {"a": AlertRole.CONSIGNEE}),
    (r"\b(?:buyer|purchaser|customer)\s*,?\s*{a}", {"a": AlertRole.PURCHASER}),
    (r"\b(?:quoted|offered|invoiced)\s+(?:by\s+(?:\w+\s+){1,3}?)?(?:[\w\-,]+\s+){0,6}?to\s+{a}",
     {"a": AlertRole.PURCHASER}),
    (r"{a},?\s+(?:an?|the)\s+(?:{w}\s+){0,3}?(?:buyer|purchaser|customer)\b",
     {"a": AlertRole.PURCHASER}),
    (r"{a},?\s+(?:an?|the)\s+(?:{w}\s+){0,3}?(?:supplier|distributor|exporter)\b",
     {"a": AlertRole.SUPPLIER}),
    (r"\b(?:supplier|distributor|exporter)\s*,?\s*{a}", {"a": AlertRole.SUPPLIER}),
]  # fmt: skip
COMPILED_ROLES = [
    (
        re.compile(
            p.replace("{s}", _S)
            .replace("{a}", _P.format("a"))
            .replace("{b}", _P.format("b"))
            .replace("{w}", _W)
            .replace("{active}", _ACTIVE),
            re.I,
        ),
        roles,
    )
    for p, roles in _ROLE_PATTERNS
]

# Words allowed between a country and the party it qualifies ("the Chinese trading company X"),
# but not prepositions: in "exports to Iran by X", Iran is not X's country.
_DESCRIPTOR = r"(?!(?:by|to|from|for|with|in|of|and|that|which|on|at|as|via)\b)[a-z][\w\-]*"
# A city before the country: "Dalian, ", "Ras Al Khaimah, ", or a city already resolved.
_PLACE = r"(?:(?:[A-Z][\w\-]+\s+){0,3}[A-Z][\w\-]+,?\s+|#C:[A-Z]{2}#,?\s*)?"
_COUNTRY_SOURCES: list[tuple[str, int]] = [
    (rf"#C:(?P<c>[A-Z]{{2}})#(?:-based)?(?:\s+{_DESCRIPTOR}){{0,4}},?\s+@P(?P<p>\d+)@", 3),
    (rf"@P(?P<p>\d+)@\s*(?:\([A-Z]+\)\s*)?(?:\(|,)\s*(?:\d{{1,3}},\s*)?"
                rf"(?:(?:a|an|the)\s+)?(?:[\w\-]+\s+){{0,3}}?(?:(?:of|in|based\s+in|"
                rf"located\s+in|headquartered\s+in|from)\s+)?{_PLACE}#C:(?P<c>[A-Z]{{2}})#", 3),
    (rf"@P(?P<p>\d+)@\s+(?:\([A-Z]+\)\s+)?(?:of|in|from)\s+{_PLACE}"
     rf"#C:(?P<c>[A-Z]{{2}})#", 3),
    (r"@P(?P<p>\d+)@\s+(?:is|was)\s+[^@#.]{0,60}?\b(?:in|of|from|based\s+in)\s+"
     r"#C:(?P<c>[A-Z]{2})#", 1),
    # "to Istanbul, where X arranged the onward shipment".
    (r"\b(?:in|to|at)\s+#C:(?P<c>[A-Z]{2})#,\s+where\s+(?:the\s+)?(?:\w+\s+){0,2}?"
     r"@P(?P<p>\d+)@", 2),
]  # fmt: skip
# Mixed-case text is read case-sensitively (a place is a capitalised word); text in capitals
# has no case to go by. Index: upper or not.
COUNTRY_PATTERNS: dict[bool, list[tuple[re.Pattern[str], int]]] = {
    upper: [(re.compile(src, re.I if upper else 0), weight) for src, weight in _COUNTRY_SOURCES]
    for upper in (False, True)
}


# A city that places a party: "X, a Montreal company", "to Istanbul, where X arranged ...".
PLACE_CUES = [
    re.compile(
        r"@P(?P<p>\d+)@,\s+an?\s+(?P<place>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+)?)\s+"
        r"(?:company|firm|entity|distributor|dealer|trader|forwarder|manufacturer|supplier|"
        r"importer|exporter|broker)\b"
    ),
    re.compile(
        r"\b(?:in|to|at)\s+(?P<place>[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,2}),\s+where\s+"
        r"(?:the\s+)?(?:\w+\s+){0,2}?@P(?P<p>\d+)@"
    ),
]

# "X, general manager of Y", "X, the owner of Y", "X, Sales Manager, Y": X works for Y.
EMPLOYMENT_RE = re.compile(
    rf"@P(?P<person>\d+)@\s*,\s*(?:who\s+(?:is|was|signs\s+as|works\s+as|acts\s+as|"
    rf"serves\s+as)\s+)?(?:(?:the|its|a|an)\s+)?(?:[\w\-]+\s+){{0,3}}?(?:{TITLES})"
    rf"(?:\s*,\s*|\s+(?:of|at|for|with)\s+(?:the\s+)?(?:#C:[A-Z]{{2}}#\s+)?)@P(?P<org>\d+)@",
    re.I,
)

# "X, NOT Y, IS THE INTENDED END USER", "X rather than Y": the negated party takes no role from
# the clause, so it is cut out before the role patterns read it.
NEGATED_RE = re.compile(
    r",?\s*\b(?:not|rather\s+than|instead\s+of|and\s+not|but\s+not)\s+(?:the\s+)?"
    r"(?:#C:[A-Z]{2}#\s+)?@P\d+@\s*,?",
    re.I,
)

# A capitalised word right after a one-word form makes the form part of a longer name.
_NEXT_NAME_WORD_RE = re.compile(r"\s+[A-Z][a-z]")
# "Eastbridge's general manager, Liu Fang": the person works for the firm.
POSSESSIVE_EMPLOYMENT_RE = re.compile(
    rf"@P(?P<org>\d+)@['’]s\s+(?:[\w\-]+\s+){{0,2}}?(?:{TITLES})\s*,\s*"
    rf"(?:[A-Z][a-z]+\s+(?:national|citizen)\s+)?@P(?P<person>\d+)@",
    re.I,
)
_SAME_IN_BRACKETS_RE = re.compile(r"(@P(\d+)@)\s*\(@P\2@\)")


def placeholders(
    sentence: Sentence, forms: list[tuple[str, int]]
) -> tuple[str, list[tuple[int, str]]]:
    """The sentence with party mentions and country mentions replaced by placeholders, and
    the mentions found as (party index, text as written)."""
    text = sentence.text
    spans: list[tuple[int, int, str]] = []
    taken = [False] * len(text)
    seen: list[tuple[int, str]] = []
    flags = re.I if sentence.upper else 0
    for form, idx in forms:
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text, flags):
            if any(taken[m.start() : m.end()]):
                continue
            if not sentence.upper and " " not in form and _NEXT_NAME_WORD_RE.match(text, m.end()):
                continue  # "Minh" in "Ho Chi Minh City" is not Nguyen Hoang Minh

            taken[m.start() : m.end()] = [True] * (m.end() - m.start())
            spans.append((m.start(), m.end(), f"@P{idx}@"))
            seen.append((idx, m.group(0)))
    for cm in find_countries(text, upper=sentence.upper):
        if not any(taken[cm.start : cm.end]):
            spans.append((cm.start, cm.end, f"#C:{cm.code}#"))
    spans.sort()
    out: list[str] = []
    pos = 0
    for start, end, ph in spans:
        if start < pos:
            continue
        out.append(text[pos:start])
        out.append(ph)
        pos = end
    out.append(text[pos:])
    # "Shahid Hemmat Industrial Group (SHIG)" is one mention, not two.
    marked = _SAME_IN_BRACKETS_RE.sub(r"\1", "".join(out))
    return marked, seen
