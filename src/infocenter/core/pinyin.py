"""Pinyin keys for Chinese names, so 张三 is found by "zhangsan" and "zs"."""

from pypinyin import Style, lazy_pinyin


def spelled(text: str) -> str:
    return "".join(lazy_pinyin(text)).lower()


def initials(text: str) -> str:
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower()
