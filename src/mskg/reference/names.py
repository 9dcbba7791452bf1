"""Pinyin and English names for Chinese place names that have no curated ones.

A name is split into its proper part and its administrative suffix (县, 自治州,
旗 ...); the proper part is romanised with pypinyin and the suffix translated,
so 布尔津县 becomes "Bù'ěrjīn Xiàn" and "Buerjin County". Curated exonyms
(Altay, Alxa, Ürümqi) come from data/region_overrides.csv instead.
"""

from __future__ import annotations

# Longest first, so 自治县 wins over 县.
SUFFIXES = [
    ("自治区直辖县级行政区划", "County-level Divisions"),
    ("省直辖县级行政区划", "County-level Divisions"),
    ("特别行政区", "Special Administrative Region"),
    ("自治区", "Autonomous Region"),
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("市辖区", "Districts"),
    ("林区", "Forestry District"),
    ("特区", "Special District"),
    ("矿区", "Mining District"),
    ("地区", "Prefecture"),
    ("新区", "New Area"),
    ("省", "Province"),
    ("盟", "League"),
    ("旗", "Banner"),
    ("市", "City"),
    ("县", "County"),
    ("区", "District"),
]

ETHNIC_GROUPS = {
    "维吾尔": "Uyghur", "哈萨克": "Kazakh", "柯尔克孜": "Kyrgyz", "蒙古": "Mongol",
    "回族": "Hui", "藏族": "Tibetan", "壮族": "Zhuang", "苗族": "Miao", "彝族": "Yi",
    "土家族": "Tujia", "布依族": "Bouyei", "侗族": "Dong", "瑶族": "Yao", "白族": "Bai",
    "哈尼族": "Hani", "傣族": "Dai", "黎族": "Li", "傈僳族": "Lisu", "佤族": "Va",
    "畲族": "She", "拉祜族": "Lahu", "水族": "Sui", "东乡族": "Dongxiang",
    "纳西族": "Naxi", "景颇族": "Jingpo", "土族": "Tu", "达斡尔族": "Daur",
    "仫佬族": "Mulao", "羌族": "Qiang", "撒拉族": "Salar", "毛南族": "Maonan",
    "仡佬族": "Gelao", "锡伯": "Xibe", "普米族": "Pumi", "塔吉克": "Tajik",
    "怒族": "Nu", "鄂温克族": "Evenk", "鄂伦春": "Oroqen", "保安族": "Bonan",
    "裕固族": "Yugur", "独龙族": "Derung", "朝鲜族": "Korean", "满族": "Manchu",
    "各族": "Multi-ethnic", "蒙古族": "Mongol",
}


def split_suffix(name: str) -> tuple[str, str, str]:
    """Split a place name into (proper part, Chinese suffix, English suffix)."""
    for suffix, english in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix, english
    return name, "", ""


def _ethnic_tail(stem: str) -> tuple[str, list[str]]:
    """Peel ethnic-group names off the end of an autonomous area's stem."""
    groups: list[str] = []
    changed = True
    while changed:
        changed = False
        for chinese in sorted(ETHNIC_GROUPS, key=len, reverse=True):
            if stem.endswith(chinese) and len(stem) > len(chinese):
                groups.insert(0, ETHNIC_GROUPS[chinese])
                stem = stem[: -len(chinese)]
                changed = True
                break
    return stem, groups


def short_name(name: str) -> str:
    """The name without its suffix, and for an autonomous area without its ethnic
    groups: 广西壮族自治区 -> 广西, 伊犁哈萨克自治州 -> 伊犁, 深圳市 -> 深圳."""
    stem, suffix, english_suffix = split_suffix(name)
    return _ethnic_tail(stem)[0] if english_suffix.startswith("Autonomous") else stem


def _syllables(text: str, tones: bool) -> str:
    from pypinyin import Style, lazy_pinyin  # 0.2 s to import: only where names are romanised, not in a build

    parts = lazy_pinyin(text, style=Style.TONE if tones else Style.NORMAL, errors="default")
    word = ""
    for part in parts:
        if word and part[:1] in "aeoāáǎàēéěèōóǒò":
            word += "'"
        word += part
    return word[:1].upper() + word[1:]


def pinyin(name: str) -> str:
    """Hanyu Pinyin with tone marks: proper part, then the suffix as a word."""
    stem, suffix, _ = split_suffix(name)
    words = [_syllables(stem, tones=True)]
    if suffix:
        words.append(_syllables(suffix, tones=True))
    return " ".join(words)


def english(name: str) -> str:
    """An English name: toneless pinyin of the proper part plus the translated suffix."""
    stem, _suffix, english_suffix = split_suffix(name)
    groups: list[str] = []
    if english_suffix.startswith("Autonomous"):
        stem, groups = _ethnic_tail(stem)
    words = [_syllables(stem, tones=False).replace("'", "")] + groups
    if english_suffix:
        words.append(english_suffix)
    return " ".join(words)
