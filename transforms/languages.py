"""Language tags as pages declare them, reduced to ISO 639-1 codes."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

_ISO_639_1_TEXT = """
    aa ab ae af ak am an ar as av ay az
    ba be bg bh bi bm bn bo br bs
    ca ce ch co cr cs cu cv cy
    da de dv dz
    ee el en eo es et eu
    fa ff fi fj fo fr fy
    ga gd gl gn gu gv
    ha he hi ho hr ht hu hy hz
    ia id ie ig ii ik io is it iu
    ja jv
    ka kg ki kj kk kl km kn ko kr ks ku kv kw ky
    la lb lg li ln lo lt lu lv
    mg mh mi mk ml mn mr ms mt my
    na nb nd ne ng nl nn no nr nv ny
    oc oj om or os
    pa pi pl ps pt
    qu
    rm rn ro ru rw
    sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw
    ta te tg th ti tk tl tn to tr ts tt tw ty
    ug uk ur uz
    ve vi vo
    wa wo
    xh
    yi yo
    za zh zu
"""

ISO_639_1: frozenset[str] = frozenset(_ISO_639_1_TEXT.split())
"""The 184 two-letter codes of ISO 639-1."""

LANGUAGE_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        # Withdrawn two-letter codes that old CMS templates still print.
        "iw": "he",
        "in": "id",
        "ji": "yi",
        "mo": "ro",
        "sh": "sr",
        # ISO 639-2/3 codes, seen in JSON-LD inLanguage and Dublin Core metadata.
        "eng": "en",
        "deu": "de",
        "ger": "de",
        "fra": "fr",
        "fre": "fr",
        "spa": "es",
        "ita": "it",
        "por": "pt",
        "nld": "nl",
        "dut": "nl",
        "rus": "ru",
        "pol": "pl",
        "zho": "zh",
        "chi": "zh",
        "jpn": "ja",
        "ara": "ar",
        "tur": "tr",
        # Names, as some sites write inLanguage or content-language.
        "english": "en",
        "german": "de",
        "deutsch": "de",
        "french": "fr",
        "français": "fr",
        "francais": "fr",
        "spanish": "es",
        "español": "es",
        "espanol": "es",
        "italian": "it",
        "italiano": "it",
        "portuguese": "pt",
        "português": "pt",
        "dutch": "nl",
        "nederlands": "nl",
        "russian": "ru",
        "polish": "pl",
        "polski": "pl",
    }
)
"""Withdrawn codes, three-letter codes and language names (lower case) to ISO 639-1."""

_PRIMARY = re.compile(r"[^\W\d_]+")


def normalize_language(value: str | None) -> str | None:
    """The ISO 639-1 code of a language tag or name, or None.

    Args:
        value: A BCP 47 tag (``en-US``), a POSIX locale (``de_DE.UTF-8``), a three-letter code
            (``eng``) or a language name (``English``, ``Deutsch``); a comma-separated list
            (as in ``content-language``) is read by its first entry.

    Returns:
        The two-letter code, or None for an empty, unknown or placeholder (``x-default``,
        ``und``) value.
    """
    if not value:
        return None
    first = value.split(",", 1)[0].strip()
    match = _PRIMARY.match(first)
    if match is None:
        return None
    primary = match.group(0).lower()
    if primary in ISO_639_1:
        return primary
    return LANGUAGE_ALIASES.get(primary)
