"""Printed numbers and p-values with the precision they were printed at.

A printed value v with d decimals stands for every number that rounds to it:
[v - 0.5*10^-d, v + 0.5*10^-d]. 'p = 0.051' stands for [0.0505, 0.0515]; 'p < 0.001' is a bound,
[0, 0.001]. Checks compare these intervals, never the bare values, so rounding never raises a finding.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# Characters journals print for a minus sign or a decimal point.
_MINUS = "-\u2212\u2010\u2011\u2012\u2013\u2014\ufe63\uff0d"
_TRANS = str.maketrans({c: "-" for c in _MINUS} | {"\u00b7": ".", "\u2219": ".", "\u22c5": "."})

# A printed decimal number: '1.89', '.97', '0·80' (Lancet), '1,087.18', '26,600', '−0.26', '+0.11'.
SIGN = "[+" + re.escape(_MINUS) + "]"
UNSIGNED = r"(?:\d{1,3}(?:,\d{3})+(?:[.\u00b7]\d+)?|\d+(?:[.\u00b7]\d+)?|[.\u00b7]\d+)"
NUM = rf"(?:{SIGN}\s?)?{UNSIGNED}"
_EPS = 1e-12   # 0.0505 built as 0.051 - 0.0005 must still count as 0.0505


@dataclass(slots=True, frozen=True)
class Printed:
    """A number as printed: its value, its decimals and the interval it stands for."""
    value: float
    decimals: int
    text: str

    @property
    def half(self) -> float:
        return 0.5 * 10.0 ** -self.decimals

    @property
    def lo(self) -> float:
        return self.value - self.half

    @property
    def hi(self) -> float:
        return self.value + self.half


_PLAIN = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d*)(?:\.(\d+))?")


def parse_number(text: str) -> Printed | None:
    """'1.89' -> 1.89 (2 decimals); '−0.26' -> -0.26; '1,087.18' -> 1087.18; '.97' -> 0.97; else None."""
    t = text.strip().translate(_TRANS).replace(" ", "")
    m = _PLAIN.fullmatch(t)
    if not m or not (m.group(2) or m.group(3)):
        return None
    whole = m.group(2).replace(",", "") or "0"
    frac = m.group(3) or ""
    value = float(f"{whole}.{frac}" if frac else whole)
    return Printed(-value if m.group(1) == "-" else value, len(frac), text.strip())


@dataclass(slots=True, frozen=True)
class PValue:
    """A printed p-value: the interval of true values it allows, and how it was written."""
    lo: float
    hi: float
    op: str             # '=', '<', '>', '<=', '>='
    text: str

    @property
    def is_bound(self) -> bool:
        return self.op != "="

    def definitely_below(self, alpha: float) -> bool:
        """The true p is certainly below alpha ('p = 0.049', 'p < 0.05')."""
        return self.hi < alpha - _EPS or (self.op == "<" and self.hi <= alpha + _EPS)

    def definitely_at_least(self, alpha: float) -> bool:
        """The true p is certainly alpha or more ('p = 0.051', 'p > 0.05'; 'p = 0.050' is not)."""
        return self.lo >= alpha - _EPS


# The operator and value of a p-value: '= 0.051', '< .001', '≤0.05', '=8.82 × 10−16', '= 1.2e-5', '< 10^-4'.
P_OP = r"(?:<\s?=|>\s?=|=\s?<|=|<|>|\u2264|\u2265|\u2266|\u2267|\u003c|\u003e)"
P_VALUE = (rf"(?:{UNSIGNED}(?:\s?[x\u00d7*]\s?10\s?\^?\s?{SIGN}\s?\d+|[eE]{SIGN}?\d+)?"
           rf"|10\s?\^?\s?{SIGN}\s?\d+)")
_P_RE = re.compile(rf"^\s*({P_OP})\s*({P_VALUE})\s*$")
_SCI_RE = re.compile(rf"^(?:({UNSIGNED})\s?[x\u00d7*]\s?)?10\s?\^?\s?({SIGN})\s?(\d+)$|^({UNSIGNED})[eE]({SIGN}?)(\d+)$")
_OPS = {"=": "=", "<": "<", ">": ">", "\u2264": "<=", "\u2266": "<=", "<=": "<=", "=<": "<=",
        "\u2265": ">=", "\u2267": ">=", ">=": ">="}


def parse_p(text: str) -> PValue | None:
    """'= 0.051' -> [0.0505, 0.0515]; '< 0.001' -> [0, 0.001]; '.97' (no operator) -> [0.965, 0.975];
    '= 8.82 × 10−16' -> about [8.815e-16, 8.825e-16]. None when it is not a probability."""
    raw = text.strip()
    t = raw if re.match(rf"^\s*{P_OP}", raw) else "=" + raw
    m = _P_RE.match(t)
    if not m:
        return None
    op = _OPS.get(re.sub(r"\s", "", m.group(1)))
    if op is None:
        return None
    value_text = m.group(2)
    sci = _SCI_RE.match(value_text.strip())
    if sci:
        mant = parse_number(sci.group(1) or sci.group(4) or "1")
        sign = (sci.group(2) if sci.group(3) else sci.group(5)) or ""
        exp = int(sci.group(3) or sci.group(6))
        if mant is None:
            return None
        exp = -exp if sign.translate(_TRANS) == "-" else exp
        scale = 10.0 ** exp
        v, lo, hi = mant.value * scale, mant.lo * scale, mant.hi * scale
        if not (sci.group(1) or sci.group(4)):      # '10^-4' is exact
            lo = hi = v
    else:
        n = parse_number(value_text)
        if n is None:
            return None
        v, lo, hi = n.value, n.lo, n.hi
    if not 0 <= v <= 1:
        return None
    if op == "=":
        return PValue(max(lo, 0.0), min(hi, 1.0), op, raw)
    if op in ("<", "<="):
        return PValue(0.0, v, op, raw)
    return PValue(v, 1.0, op, raw)


def fmt_p(p: float) -> str:
    """A recomputed p for a message: '0.049', '0.0012', '3.1e-07'."""
    if p >= 0.01:
        return f"{p:.3f}"
    if p >= 0.001:
        return f"{p:.4f}"
    return f"{p:.1e}"
