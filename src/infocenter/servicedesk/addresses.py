"""Addresses as the control room types them (LOG-4, UX 7): "3-1-1201", "3栋1201", "3栋1单元1201",
"3号楼1单元1201室", "A座-1201" or just "1201", read into building, unit and room keys that match
the site's 楼栋/单元/房号 however their names are written ("3" matches 3栋, 3幢 and 3号楼)."""

import re
import unicodedata
from dataclasses import dataclass

BUILDING_MARKS = ("号楼", "栋", "幢", "座", "楼", "#")
UNIT_MARKS = ("单元",)
ROOM_MARKS = ("室", "号", "房")
SEPARATORS = re.compile(r"[-－—_/\\\s,，.。、]+")
MARKED = re.compile(
    r"^(?:(?P<building>[0-9A-Z]+?)(?:号楼|栋|幢|座|楼|#))?"
    r"(?:(?P<unit>[0-9A-Z]+?)单元)?"
    r"(?P<room>[0-9A-Z]*?)(?:室|号|房)?$"
)


@dataclass(frozen=True)
class Address:
    """What was typed: building and unit keys (empty when not given) and the room number or its
    beginning."""

    building: str = ""
    unit: str = ""
    room: str = ""

    def __bool__(self):
        return bool(self.building or self.unit or self.room)


def key(name: str) -> str:
    """A building's or unit's name reduced to what is typed for it: "3栋" → "3", "1单元" → "1",
    "A座" → "A"."""
    text = unicodedata.normalize("NFKC", name or "").strip().upper().replace(" ", "")
    for mark in (*BUILDING_MARKS, *UNIT_MARKS):
        if text.endswith(mark) and len(text) > len(mark):
            return text[: -len(mark)]
    return text


def parse_address(text: str) -> Address:
    """``text`` read as an address; an empty ``Address`` when it is not one (a name, say)."""
    text = unicodedata.normalize("NFKC", text or "").strip().upper()
    if not text:
        return Address()
    if any(mark in text for mark in (*BUILDING_MARKS, *UNIT_MARKS, *ROOM_MARKS)):
        match = MARKED.match(SEPARATORS.sub("", text))
        if match is None:
            return Address()
        return Address(match["building"] or "", match["unit"] or "", match["room"] or "")
    parts = [p for p in SEPARATORS.split(text) if p]
    if not parts or not all(re.fullmatch(r"[0-9A-Z]+", p) for p in parts) or len(parts) > 3:
        return Address()
    if len(parts) == 3:
        return Address(*parts)
    if len(parts) == 2:
        return Address(building=parts[0], room=parts[1])
    return Address(room=parts[0]) if parts[0].isdigit() else Address()  # a name in pinyin
