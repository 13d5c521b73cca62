"""CSS selectors and vocabularies used by the HTML readers, as data in one place.

Each entry says which kind of page taught it. Two sections: metadata (transforms/metadata.py)
and main content (transforms/body.py).
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Metadata (transforms/metadata.py)
# ---------------------------------------------------------------------------------------------

METADATA_SCAN_SELECTOR: str = "meta[content], script[type*='ld+json' i], h1, time, a[rel~=author i]"
"""The one full-tree query every page pays for. A query walks the whole tree (about a twentieth
of the parse) and tests each node against each selector of the list (a fiftieth more per
selector), so it holds what most pages need: metas (also in the body: microdata, and heads cut
short by a stray element), JSON-LD (often at the end of the body), the h1 headline, and the
elements the date and byline fallbacks read on most pages (``<time>``, the ``a[rel=author]``
links of WordPress bylines). h2 elements, needed on one page in seven, and other elements
marked as dates, needed on fewer, are queried on first use."""

HEAD_SCAN_SELECTOR: str = "link[rel~=canonical i], title"
"""Queried in ``<head>``, or in the whole tree when the head was cut short."""
HEAD_TAGS: frozenset[str] = frozenset({"meta", "link", "title", "base"})
"""Elements that belong in ``<head>``: one among the body's first children shows the parser
closed the head early (a tracking ``<img>`` in the head of many CMS templates does that)."""
HEAD_SPILL_CHILDREN = 8
"""How many of the body's first elements are looked at for head elements."""
MARKED_DATE_SELECTOR: str = (
    "[itemprop=datePublished i], [itemprop=dateCreated i], abbr[class~=published i]"
)
"""Elements marked as the publication time: Blogger's ``<abbr itemprop=datePublished
title=...>``, the hAtom microformat's ``<abbr class=published title=...>`` of older blog
themes. Queried only when neither metadata nor a ``<time>`` dates the story."""

# Meta names are lower case and cover name=, property= and http-equiv=; itemprop= values are
# looked up as "itemprop:<value>" so that body microdata (teasers) cannot shadow head tags.
META_TITLE: tuple[str, ...] = ("og:title", "twitter:title")
META_CANONICAL: tuple[str, ...] = ("og:url",)
META_SITE_NAME: tuple[str, ...] = ("og:site_name",)
META_APPLICATION_NAME: tuple[str, ...] = ("application-name",)
META_DESCRIPTION: tuple[str, ...] = ("description", "og:description", "twitter:description")
# parsely-* and sailthru.* come from analytics tags that many news CMSs print in the head.
META_SECTION: tuple[str, ...] = ("article:section", "parsely-section", "section", "category")
META_AUTHOR: tuple[str, ...] = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    # RDFa-style Dublin Core (WordPress on hypotheses.org and similar academic blog farms).
    "dc:creator",
    "dcterms:creator",
    "byl",
    # The Shareaholic sharing plugin of WordPress names the post's author here.
    "shareaholic:article_author_name",
)
# Yoast SEO prints twitter:label1="Verfasst von" / twitter:data1="<author>" on WordPress sites.
AUTHOR_LABELS: frozenset[str] = frozenset(
    {"written by", "verfasst von", "geschrieben von", "écrit par", "escrito por", "scritto da"}
)
META_PUBLISHED: tuple[str, ...] = (
    "article:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "sailthru.date",
    "parsely-pub-date",
    "og:published_time",
    "publication_date",
    "itemprop:datepublished",
    # Plone and some Swiss CMSs prefix the Open Graph article namespace with "og:".
    "og:article:published_time",
    # Highwire/Google Scholar tags of journal and preprint pages.
    "citation_publication_date",
    "citation_online_date",
    "citation_date",
)
META_MODIFIED: tuple[str, ...] = (
    "article:modified_time",
    "og:updated_time",
    "dc.date.modified",
    "dcterms.modified",
    "itemprop:datemodified",
    "og:article:modified_time",
)
META_LANGUAGE: tuple[str, ...] = ("content-language", "dc.language")
META_LOCALE: tuple[str, ...] = ("og:locale",)
META_IMAGE: tuple[str, ...] = ("og:image", "og:image:url", "og:image:secure_url")
META_TWITTER_IMAGE: tuple[str, ...] = ("twitter:image", "twitter:image:src")
META_TAGS: tuple[str, ...] = ("article:tag",)
META_KEYWORDS: tuple[str, ...] = ("keywords", "news_keywords")
META_READING_TIME: tuple[str, ...] = ("twr:reading-time",)
META_PAGE_TYPE: tuple[str, ...] = ("og:type",)
# WordPress SEO plugins print twitter:label1="Est. reading time" / twitter:data1="4 minutes".
META_TWITTER_LABELS: tuple[tuple[str, str], ...] = tuple(
    (f"twitter:label{n}", f"twitter:data{n}") for n in range(1, 5)
)
READING_TIME_LABELS: tuple[str, ...] = (
    "reading time",
    "read time",
    "lesezeit",
    "lesedauer",
    "temps de lecture",
    "tiempo de lectura",
    "tempo di lettura",
)

HEADLINE_CONTAINERS: frozenset[str] = frozenset({"article", "main"})
"""Tags whose h1 is the story's headline, not a logo or a section name in the masthead."""

PUBLISHED_TIME_CONTAINERS: frozenset[str] = frozenset({"article", "header", "main"})
"""A ``<time>`` inside these (and not marked as an update) dates the story itself. ``main`` since
press-release portals print the date in a banner above the story, inside ``<main>`` but outside
any article or header element."""

# Standfirsts sit next to the h1 under many names: BEM blocks (article__dek), Guardian-style
# "standfirst", US "dek"/"deck", and microdata alternativeHeadline. Matched on class tokens in
# Python: a CSS selector list is compiled again on every css_matches call.
SUBTITLE_CLASSES: frozenset[str] = frozenset(
    {
        "standfirst",
        "dek",
        "deck",
        "subtitle",
        "sub-title",
        "subheadline",
        "sub-headline",
        "subhead",
        "article-summary",
        "article__summary",
        "lede",
        "article-lede",
    }
)
SUBTITLE_CLASS_PARTS: tuple[str, ...] = (
    "standfirst",
    "__dek",
    "-dek",
    "subheadline",
    "sub-headline",
)
SUBTITLE_ITEMPROPS: frozenset[str] = frozenset({"alternativeheadline"})
SUBTITLE_SEARCH_LEVELS = 2
"""Whose following siblings are searched for a standfirst: the h1's, then its wrapper's."""
SUBTITLE_SIBLINGS = 4
"""How many following elements of each are looked at."""

# Bylines: microdata first, then rel=author links, then the names CMSs give byline boxes
# (WordPress "entry-meta-author", BEM "header-info__author", a custom <byline> element...).
BYLINE_SELECTOR: str = ", ".join(
    (
        "[itemprop~=author]",
        "a[rel~=author]",
        "byline",
        "address",
        ".by-line",
        "[class*=byline i]",
        "[class*=aut i]",
    )
)
"""A broad query for byline elements, narrowed in Python (``BYLINE_CLASS_PARTS``; an address
only inside an article): each selector of a list is a pass over the subtree."""
BYLINE_CLASS_PARTS: tuple[str, ...] = ("byline", "author", "autor", "by-line")
"""Class substrings of byline elements."""
BYLINE_EXCLUDED_TAGS: frozenset[str] = frozenset({"form", "nav", "aside", "figcaption"})
"""Byline-looking elements inside these are comment forms, teasers or photo credits."""
META_BOX_CLASS_PARTS: tuple[str, ...] = ("meta", "byline", "author", "autor")
"""An ``<aside>`` whose class holds one of these is the story's meta box, not a sidebar."""
BYLINE_EXCLUDED_CLASS = "comment"
"""WordPress "comment-author" boxes name commenters, not the author."""

HEADER_SEARCH_LEVELS = 2
"""How many ancestors of the h1 make the header area, where bylines and ``<time>`` sit."""

DATELINE_LEVELS = 4
"""How many ancestors of the headline with text beside them are read for the dateline."""
DATELINE_MAX_ANCESTORS = 8
"""How far up the tree the dateline search climbs, wrappers included."""
DATELINE_SHORT = 160
"""Sibling texts up to this long are read whole: bylines, datelines, meta bars."""
DATELINE_DEPTH = 3
"""How many levels of containers next to the headline are read child by child."""
BLOCK_TAGS: frozenset[str] = frozenset(
    {
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "ul",
        "ol",
        "li",
        "p",
        "table",
        "tbody",
        "tr",
        "td",
        "figure",
        "form",
        "blockquote",
        "dl",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
    }
)
"""Elements that make their parent a container, read child by child for the dateline."""
DATELINE_EDGE = 48
"""Of longer siblings (paragraphs mentioning other dates) only this many characters at the edge
next to the headline are read: "Karlsruhe (12.11.2021). Heute..." starts a lead."""
DATELINE_SIBLINGS = 4
"""Non-empty siblings (or children of a container) read at each level."""
DATELINE_BUDGET = 64
"""Nodes looked at around the headline in all, empty ones included (menus have hundreds)."""
NEAR_BUDGET = 16
NEAR_LEVELS = 2
"""Nodes looked at for a reading time when the dateline was not read: "4 min read" sits right
by the headline, and this walk runs on nearly every page (16 nodes found one more reading time
in 421 dev pages, at twice the cost)."""
DATELINE_AFTER = 800
"""Characters of text after the headline searched for its date."""
DATELINE_BEFORE = 300
"""Characters before the headline searched when none follows it (dates above the h1)."""
DATELINE_SKIPPED_TAGS: frozenset[str] = frozenset(
    {"script", "style", "noscript", "template", "nav", "aside", "footer", "form", "svg", "select"}
)
"""Siblings of the headline whose text is never a dateline."""
# Press-release and club CMSs print the date in an element named for it ("itemPostDate",
# "field--name-node-post-date", "textbox__box-date", "news-datum") and nowhere else.
DATE_CLASS_SELECTOR: str = "[class*=date i], [class*=datum i], [class*=publish i]"
DATE_CLASS_MAX_TEXT = 80
"""Longer date-classed elements are teaser boxes, not a date."""
DATE_CLASS_EXCLUDED_TAGS: frozenset[str] = frozenset({"header", "footer", "li"})
"""Dates in the page header (today's date), footer and lists (teasers, archives) are not the
story's."""

RECONCILED_DATE_SOURCES: frozenset[str] = frozenset(
    {
        "jsonld",
        "article:published_time",
        "og:article:published_time",
        "date",
        "dc.date",
    }
)
"""Sources of a publication date that the date printed next to the headline may overrule (see
``metadata._shown_date``); dates from elements, URLs and the dateline itself are already what
the page shows."""
WEAK_DATE_METAS: frozenset[str] = frozenset({"date", "dc.date"})
"""Generic date metas: press-release and journal CMSs fill them with a revision or issue date
(a ``date`` two days after the "Erschienen am: 13.10.2021" a page prints)."""
PUBLISHED_LABELS: tuple[str, ...] = (
    "published",
    "posted on",
    "veröffentlicht",
    "erschienen",
    "erscheinungsdatum",
    "publié",
    "publicado",
    "pubblicato",
    "发布时间",
    "公開日",
    "投稿日",
)
UPDATED_LABELS: tuple[str, ...] = (
    "last updated",
    "updated",
    "last modified",
    "aktualisiert",
    "zuletzt",
    "stand:",
    "mis à jour",
    "actualizado",
    "aggiornato",
    "最近更新",
    "更新时间",
    "更新日",
)
"""Labels before a date in a page's text: the last resort of the publication date when no
markup dates the page ("Aktualisiert am 17.01.2021" in a footer, a wiki's "zuletzt am 29.
Januar 2020 um 13:22 Uhr geändert")."""
FOOT_CHARS = 6000
"""Characters at the end of a page's text searched for a labelled date."""

MONTH_FIRST_REGIONS: frozenset[str] = frozenset({"us", "ph", "fm", "mh", "pw", "as", "gu", "vi"})
"""Regions of ``en-XX`` pages that write 06/07/2024 month first; other ``en-XX`` pages and
pages in other languages write it day first. ``en`` alone says nothing."""

MAX_HEADINGS = 12
"""h1 (and, failing those, h2) elements compared with the declared titles."""
RUBY_TAGS: frozenset[str] = frozenset({"rt", "rp"})
"""Reading aids inside Japanese headings: not part of the title."""
SILENT_SELECTOR = "style, script"
"""Elements whose text no reader sees wherever they sit (``transforms.nodes.shown_text``)."""
HEADING_SILENT_SELECTOR = (
    f"{SILENT_SELECTOR}, [class*=visually-hidden i], [class*=visuallyhidden i], "
    "[class*=sr-only i], [class*=screen-reader i], [class*=element-invisible i]"
)
"""What a heading holds that no reader sees: CSS-in-JS styles printed inside it (emotion's
server rendering puts a ``<style>`` before each styled span) and labels for screen readers
("<span class=visuallyhidden>Headline:</span>", WordPress' ``screen-reader-text``, Drupal's
``element-invisible``)."""
HEADLINE_TEXT_TAGS: tuple[str, ...] = (
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "p",
    "div",
    "span",
    "strong",
    "b",
    "dt",
)
"""Elements that may hold a page's headline when it has no heading element that agrees with
its title (table layouts: ``<td class=itemHead>``; blog themes: ``<h3 class=post-title>``;
Korean news CMSs: ``<dl class=newsTitle><dt>``)."""
HEADLINE_TEXT_MIN = 8
"""Shorter titles ("News") name sections and boxes too often to be searched for."""
MIN_HEADLINE_WORDS = 3
"""A one-word declared title gives way to a main h1 of at least this many words."""
TITLE_AGREEMENT = 0.5
"""Share of words a visible heading must share with a declared title to be the headline."""
TITLE_CONTAINED_SHARE = 0.4
"""A heading inside a declared title (or the reverse) agrees when it is this share of it:
"Kaeser verarscht Neubauer" in "Siemens und die Kohlemine Adani: Kaeser verarscht Neubauer",
not "Local News" in "Local News: Council votes on the budget"."""
KICKER_MAX_WORDS = 6
"""Longest kicker (overline, section, date) printed inside an h1 before the headline."""
KICKER_TAGS: frozenset[str] = frozenset({"div", "p", "time", "small", "br"})
"""A first child of the h1 with one of these tags is a kicker line, classed or not."""
INLINE_EMPHASIS_TAGS: frozenset[str] = frozenset({"b", "strong", "em", "i", "mark", "q", "a"})
"""Inline markup inside a headline ("<strong>Trump</strong> says ..."): never a kicker."""
MASTHEAD_SEPARATORS: tuple[str, ...] = (
    " | ",
    " - ",
    " — ",
    " – ",
    " :: ",
    " · ",
    " • ",
    " » ",
    " // ",
    " : ",
    ": ",
    # Japanese and Chinese sites separate the site's name without spaces ("NEWS WEB EASY|...").
    "|",
    "_",
)
"""Separators between a title and the site's name, for removing a known name."""
MASTHEAD_CONTAINERS: frozenset[str] = frozenset({"header", "nav"})
"""An h1 inside these (outside any article) is the site's masthead when ``<title>`` starts with
its text."""
MASTHEAD_CLASS_PARTS: tuple[str, ...] = ("logo", "site-title", "site-name", "brand", "blog-title")
"""Class names of masthead h1 elements in blog and CMS themes."""
ARCHIVE_SEGMENTS: frozenset[str] = frozenset({"blogarchive", "blogarchiv", "archive", "archiv"})
"""Old WordPress themes title posts "Site » Blog Archive » Story" (keys as ``_site_key``)."""
SITE_KEY_PREFIX_MIN = 5
"""A title segment starting with a site key this long is the site's name, extended."""

TITLE_SEPARATORS: tuple[str, ...] = (
    " | ",
    " - ",
    " — ",
    " – ",
    " :: ",
    " · ",
    " • ",
    " » ",
    " // ",
)
"""Separators between a headline and the site name in ``<title>`` and og:title."""

SITE_SEPARATORS: tuple[str, ...] = (" | ", " :: ", " · ", " • ", " » ", " // ")
"""Separators that headlines themselves hardly use: a short segment after one of them in
og:title is a site or section name even when the page does not declare its site name."""

MAX_TAGS = 30

SECTION_MAX_WORDS = 6
"""A declared section longer than this is a sentence, not a section's name."""
SECTION_NON_SECTIONS: frozenset[str] = frozenset(
    {
        "home",
        "homepage",
        "home page",
        "startseite",
        "start",
        "übersicht",
        "übersichtsseite",
        "overview",
        "accueil",
        "inicio",
        "portada",
        "strona główna",
        "página inicial",
    }
)
"""Breadcrumb roots CMSs declare as the first section (kas.de: "Startseite", "Übersichtsseite",
then "Europa"): the site's home page names no section."""
GENERIC_HOST_LABELS: frozenset[str] = frozenset(
    {"www", "m", "amp", "mobile", "news", "blog", "blogs", "web", "online", "home", "edition"}
)
"""Subdomain labels that name a part of any site ("news.example.co.uk"), not the site."""
SITE_NAME_MAX_WORDS = 6
"""A declared site name longer than this that is also the page's title is the headline."""
SECOND_LEVEL_LABELS: frozenset[str] = frozenset(
    {"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "go", "gv"}
)
"""Host labels under a country domain ("example.co.uk"): not the site's own name."""

# A line next to the headline starting like this is a byline ("By Jose de la Cruz").
BYLINE_START_PREFIXES: tuple[str, ...] = (
    "by",
    "von",
    "par",
    "por",
    "door",
    "di",
    "text",
    "texto",
    "autor",
    "autorin",
    "author",
    "written by",
    "geschrieben von",
    "erstellt von",
)
# Links in a byline that name an author: author pages and marked links, not categories.
AUTHOR_LINK_PARTS: tuple[str, ...] = (
    "author",
    "autor",
    "profil",
    "/people/",
    "/person/",
    "/staff/",
    "/team/",
    "/redaktion/",
    "/journalist",
    "/reporters/",
    "/writer",
    "/user",
    "/u/",
    "name",
    "byline",
    "fn",
)
BYLINE_LINE_MAX = 80
"""Longer lines starting with "Von"/"By" are sentences ("Von der Leyen sagte ..."), not bylines."""
BYLINE_MAX_TEXT = 200
"""Longer byline-classed elements are author bios and boxes ("Paddy is a photographer..."), not
bylines."""
# Particles inside names ("Christoph von Ritter", "Ursula von der Leyen", "Jose de la Cruz").
NAME_PARTICLES: frozenset[str] = frozenset(
    {
        "von",
        "van",
        "der",
        "den",
        "de",
        "da",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "zu",
        "y",
        "ten",
        "ter",
        "bin",
        "al",
        "el",
        "dos",
        "das",
        "do",
    }
)
# Social networks whose profile addresses fill author metas ("facebook.com/vegolosi", with or
# without "https://"): the address names the network, not a writer or an organisation.
SOCIAL_PROFILE_HOSTS: tuple[str, ...] = (
    "facebook.com",
    "fb.com",
    "twitter.com",
    "x.com",
    "instagram.com",
    "linkedin.com",
    "youtube.com",
    "tiktok.com",
    "pinterest.com",
    "threads.net",
)
# Copyright notices written into credit metas ("Copyright Haufe-Lexware GmbH & Co. KG - all
# rights reserved" as dcterms.creator): the notice's words go, the holder stays.
COPYRIGHT_NOTICE_PHRASES: tuple[str, ...] = (
    "all rights reserved",
    "alle rechte vorbehalten",
    "tous droits réservés",
    "todos los derechos reservados",
    "tutti i diritti riservati",
    "wszelkie prawa zastrzeżone",
)

# Credits that name nobody: CMS defaults and placeholders.
NON_CREDITS: frozenset[str] = frozenset(
    {
        "admin",
        "administrator",
        "unknown",
        "anonymous",
        "guest",
        "guest author",
        "user",
        "webmaster",
        "editor",
        "editors",
        "the editors",
        "author",
        "autor",
        "by",
        "von",
        "publisher",
        "anonym",
        "anonyme",
        "anónimo",
        "anonimo",
        "anónima",
        "unbekannt",
        "desconocido",
        "inconnu",
    }
)

# Byline prefixes in the languages of the corpus ("By", "Von", "Par", "Por", "Door", "Av").
AUTHOR_PREFIXES: tuple[str, ...] = (
    "post author",
    "vom",
    "erstellt von",
    "geschrieben von",
    "verfasst von",
    "written by",
    "additional reporting by",
    "reporting by",
    "writing by",
    "reported by",
    "text by",
    "words by",
    "story by",
    "posted by",
    "by",
    "von",
    "par",
    "por",
    "door",
    "av",
    "autor",
    "autorin",
    "author",
    "text",
    "texto",
)
# Wire services: an article crediting one (or printing its name in the opening dateline,
# "WASHINGTON (AP) —") is agency copy, recorded in the article's ``agency``.
NEWS_AGENCIES: frozenset[str] = frozenset(
    {
        "reuters",
        "associated press",
        "the associated press",
        "ap",
        "afp",
        "agence france-presse",
        "dpa",
        "apa",
        "epd",
        "kna",
        "sda",
        "ansa",
        "efe",
        "agencia efe",
        "upi",
        "xinhua",
        "kyodo",
        "pa",
        "pa media",
        "press association",
        "kathpress",
        "europa press",
        "ats",
        "keystone-sda",
        "pti",
        "ians",
        "ani",
        "anp",
        "belga",
        "tass",
        "ria novosti",
        "yonhap",
    }
)
# Agency and desk credits stand where a byline would: they are not people. These names are
# always an organisation's: the wire services, photo agencies and broadcasters.
ORGANIZATION_NAMES: frozenset[str] = NEWS_AGENCIES | frozenset(
    {
        "epa",
        "bloomberg",
        "cnn",
        "bbc",
        "ots",
    }
)
ORGANIZATION_WORDS: frozenset[str] = frozenset(
    {
        "staff",
        "team",
        "desk",
        "newsroom",
        "redaktion",
        "rédaction",
        "redacción",
        "redazione",
        "redação",
        "pressestelle",
        "pressedienst",
        "agencia",
        "agency",
        "agencies",
        "agence",
        "agentur",
        "agenturen",
        "press",
        "wire",
        "wires",
        "news",
        "media",
        "editorial",
        "board",
        "magazine",
        "times",
        "gazette",
        "journal",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "ag",
        "e.v.",
        "verlag",
        "verband",
        "stiftung",
        "institut",
        "university",
        "universität",
        "reports",
        "service",
        "foundation",
        "association",
        "network",
        # Newspaper titles credited as the author ("Estuary Herald", "Westkurier").
        "herald",
        "tribune",
        "chronicle",
        "courier",
        "telegraph",
        "kurier",
        "rundschau",
        "anzeiger",
        "tagblatt",
        "nachrichten",
    }
)
# Word endings of German compound organisation names ("Caritasverband", "Beispielzeitung").
ORGANIZATION_SUFFIXES: tuple[str, ...] = (
    "verband",
    "verein",
    "stiftung",
    "gesellschaft",
    "zeitung",
    "magazin",
    "kammer",
    "ministerium",
    "agentur",
    "redaktion",
    # State research stations and broadcasters: "Landesanstalt", "Rundfunkanstalt".
    "anstalt",
)
# Degrees and generational suffixes written after a name: "Ana Ruiz, PhD", "Tom Berg, Jr.".
NAME_SUFFIXES: frozenset[str] = frozenset(
    {"phd", "ph.d", "md", "m.d", "mba", "msc", "m.sc", "dphil", "mph", "jr", "sr", "ii", "iii"}
)
GENERATION_SUFFIXES: frozenset[str] = frozenset({"jr", "sr", "ii", "iii"})
"""Suffixes that belong to the name before them ("Tom Berg Jr"), unlike degrees."""
# "Ana Ruiz, Senior Reporter": the part after the comma is a role.
JOB_TITLE_WORDS: frozenset[str] = frozenset(
    {
        "reporter",
        "correspondent",
        "editor",
        "writer",
        "columnist",
        "contributor",
        "contributing",
        "journalist",
        "photographer",
        "producer",
        "analyst",
        "senior",
        "chief",
        "deputy",
        "freelance",
        "redakteur",
        "redakteurin",
        "korrespondent",
        "korrespondentin",
        "fotograf",
        "fotografin",
        "chefredakteur",
        "chefredakteurin",
        "professor",
    }
)
# Cities bylines name after the writer or the agency, the dateline of the story ("PTI,
# Washington", "Markus Haefliger, London"): alone, such a word is a place, not a person. The
# news capitals of the corpus' languages, in their English and local spellings.
BYLINE_PLACES: frozenset[str] = frozenset(
    {
        "washington",
        "london",
        "paris",
        "berlin",
        "brussels",
        "brüssel",
        "bruxelles",
        "moscow",
        "moskau",
        "moscou",
        "kyiv",
        "kiev",
        "kiew",
        "warsaw",
        "warschau",
        "prague",
        "prag",
        "vienna",
        "wien",
        "rome",
        "rom",
        "roma",
        "madrid",
        "lisbon",
        "lissabon",
        "athens",
        "athen",
        "geneva",
        "genf",
        "genève",
        "zurich",
        "zürich",
        "bern",
        "frankfurt",
        "hamburg",
        "munich",
        "münchen",
        "amsterdam",
        "stockholm",
        "oslo",
        "copenhagen",
        "kopenhagen",
        "helsinki",
        "dublin",
        "istanbul",
        "ankara",
        "jerusalem",
        "cairo",
        "kairo",
        "tehran",
        "teheran",
        "dubai",
        "beijing",
        "peking",
        "shanghai",
        "tokyo",
        "tokio",
        "seoul",
        "delhi",
        "mumbai",
        "singapore",
        "singapur",
        "sydney",
        "ottawa",
        "toronto",
        "chicago",
        "brasília",
        "brasilia",
        "bogotá",
        "caracas",
        "lima",
        "nairobi",
        "johannesburg",
    }
)
# Words that turn up in byline boxes next to the name ("Updated 3 hours ago", "Follow").
AUTHOR_JUNK_WORDS: frozenset[str] = frozenset(
    {
        "updated",
        "published",
        "publish",  # "Editorial Staff <dt>Publish date:</dt>" (practicalhorsemanmag.com)
        "posted",
        "modified",
        "ago",
        "min",
        "mins",
        "minute",
        "minutes",
        "read",
        "share",
        "follow",
        "comments",
        "comment",
        "email",
        "e-mail",
        "twitter",
        "facebook",
        "linkedin",
        "instagram",
        "profile",
        "subscribe",
        "aktualisiert",
        "veröffentlicht",
        "photo",
        "photos",
        "video",
        "getty",
        "images",
        "by",
        "view",
        "all",
        "show",
        "more",
        "alle",
        "zeige",
        "mehr",
        "weitere",
        "lesen",
        "says",
        "sagt",
        "zuletzt",
        "article",
        "recipe",
        "cortesía",
        "courtesy",
        "red",
        "eingetragen",
        "gepostet",
        "erschienen",
        "geändert",
        "stand",
        "last",
        "posts",
        "profil",
        "artikel",
        "articles",
        "beiträge",
        "publié",
        "publicado",
        "pubblicato",
        "sponsored",
        "gesponserte",
        "anzeige",
    }
)
# A byline often runs on into the date: "By Alex Doe Thursday, November 9, 2023".
WEEKDAYS: frozenset[str] = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    }
)
# Weekday abbreviations: dropped only right before a date ("Heiko Sauer Do 9 Apr 2020"); "Di"
# and "Do" are also name particles ("Luigi Di Maio").
WEEKDAY_ABBREVIATIONS: frozenset[str] = frozenset(
    {
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "mo",
        "di",
        "mi",
        "do",
        "fr",
        "sa",
        "so",
    }
)

# Labelled credits: "<strong>Autor:</strong> <a>Eva Berg</a>", "<b>Von:</b><br>Eva Berg" at the
# end of a club or trade-magazine story, "<h4>Autor</h4><p>Eva Berg</p>" in a foundation's news
# meta box, "<em>Written by: Eva Berg</em>" over a syndicated post: no byline class anywhere.
LABELLED_CREDIT_SELECTOR: str = "strong, b, em, dt, h4"
"""Elements that hold a credit label (or a label and the names); read only when no other source
named a person. Each selector is a pass over the story: th, h5 and h6 labels found nobody more
on the dev pages."""
CREDIT_LABELS: frozenset[str] = frozenset(
    {
        "autor",
        "autorin",
        "autoren",
        "autorinnen",
        "author",
        "authors",
        "auteur",
        "autore",
        "text",
        "texte",
        "texto",
        "words",
        "written by",
        "text by",
        "words by",
        "von",
        "by",
        "verfasst von",
        "geschrieben von",
    }
)
"""Labels (lower case, without the colon) that introduce the story's writers, never its
photographers ("Fotos:") or sources ("Quelle:")."""
OTHER_ROLE_LABELS: tuple[str, ...] = (
    "übersetzt von",
    "übersetzung",
    "translated by",
    "translation",
    "traduit par",
    "traducido por",
    "tradotto da",
    "foto",
    "photo",
    "bild",
    # Wire stories end "Reporting by Ana Ruiz; Editing by Tom Berg": the editor wrote nothing.
    "editing by",
    "edited by",
)
"""A credit starting like this names a translator or photographer, not a writer: car and
tech portals that localise stories print "Von: Ana Ruiz" and "Übersetzt von: Tom Berg" as two
author boxes."""
CREDIT_LABEL_AFTER = 120
"""Characters after a label read for the names: "Autor: Eva Berg <br> Tags: ..." ends sooner."""

# Links to author archive pages in the meta line above a headline's block, with no class or rel
# naming them: hand-built magazine and commentary templates print "<a href=/autor/...>Eva
# Berg</a> / 22.04.2020". Read only when no other source named a person.
AUTHOR_PAGE_PATHS: tuple[str, ...] = ("/author/", "/autor/", "/authors/", "/autoren/")
"""Path segments of author archive pages ("/author/eva-berg/", "/autor/berg_e")."""
AUTHOR_PAGE_LINK_SELECTOR: str = "a[href*='/aut' i]"
"""A broad query for links to author pages, narrowed by ``AUTHOR_PAGE_PATHS``."""

# ---------------------------------------------------------------------------------------------
# Main content (transforms/body.py)
# ---------------------------------------------------------------------------------------------

# Elements that never hold story text: blocks under them are left out. Scripts, styles and
# embeds leak code or fallback text ("Your browser does not support video"); nav, footer,
# header and aside carry site chrome on every CMS we have seen; buttons and selects are widget
# labels. Forms and <noscript> are dropped only when they do not wrap the story, see
# BODY_WRAPPER_TAGS. When the page is read block by block (no paragraphs found), these tags
# except landmarks and wrappers are removed from the whole page first.
BODY_DROP_TAGS: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "video",
    "audio",
    "nav",
    "aside",
    "footer",
    "header",
    "form",
    "button",
    "select",
    "textarea",
)

# Landmarks among BODY_DROP_TAGS: never story text, but related boxes live in them (an
# <aside class="related">), so they are left out by their flags rather than removed.
BODY_LANDMARK_TAGS: tuple[str, ...] = ("nav", "aside", "footer", "header")

# Attributes that hide an element from readers: paywall teasers, mobile duplicates and
# pre-rendered pop-ups hide their markup this way. Only styles that mention "none" or
# "hidden" are matched (one in ten inline styles in a story container); they are checked
# with BODY_HIDDEN_STYLE_PATTERN ("border: none" hides nothing).
BODY_HIDDEN_SELECTORS: tuple[str, ...] = (
    "[hidden]",
    '[aria-hidden="true"]',
    '[style*="none" i]',
    '[style*="hidden" i]',
)
BODY_HIDDEN_STYLE_PATTERN: str = r"display\s*:\s*none|visibility\s*:\s*hidden"

# Inside the chosen container, elements that can sit within a paragraph and leak code,
# fallback text or widget labels into it are removed before blocks are read (an ad script in
# the middle of a <p>, "Your browser does not support video", an icon's <svg><title>, a
# "Copy link" button in a quote). Each tag costs a walk of the container, so only these.
# Navigation, forms and page chrome need no removal: blocks under them are left out by the
# flags of their ancestors.
BODY_PRUNE_TAGS: tuple[str, ...] = (
    "script",
    "style",
    "noscript",
    "iframe",
    "svg",
    "video",
    "audio",
    "button",
    # Ruby annotations: the reading of each kanji printed above it on Japanese pages for
    # learners; in the text they would split every word.
    "rt",
    "rp",
)

# A <form> or <noscript> that holds most of the page's prose is the page wrapper, not a
# newsletter form or a tracking pixel: ASP.NET WebForms put the whole page in one <form>;
# script-rendered sites ship the readable page inside <noscript>. So is a [hidden] or
# aria-hidden wrapper (the page behind an open pop-up). display:none copies of the story
# (microdata duplicates on news portals) are dropped whatever they hold.
BODY_WRAPPER_TAGS: tuple[str, ...] = ("form", "noscript")

# Blocks of text, by kind. h1 is the headline (metadata), never body. dd/dt and leaf divs
# are plain paragraphs: glossaries and div-soup pages (Blogger templates) put prose there.
BODY_PARAGRAPH_TAGS: frozenset[str] = frozenset({"p", "dd", "dt", "pre", "div"})
BODY_HEADING_TAGS: frozenset[str] = frozenset({"h2", "h3", "h4", "h5", "h6"})
BODY_QUOTE_TAGS: frozenset[str] = frozenset({"blockquote"})
BODY_LIST_ITEM_TAGS: frozenset[str] = frozenset({"li"})
BODY_TABLE_TAGS: frozenset[str] = frozenset({"table"})
BODY_CAPTION_TAGS: frozenset[str] = frozenset({"figcaption"})

# A list item, table or div is a block only when none of the tags listed for it lies inside:
# Blogger and old CMS pages write each paragraph as <div><span>text</span></div>; a list item
# or table holding layout (teaser cards in <li>, pages laid out in nested tables) is not a
# block, the blocks inside it are. The other block tags above are always blocks.
BODY_LEAF_BLOCK_TAGS: dict[str, frozenset[str]] = {
    "li": frozenset(
        {"div", "ul", "ol", "dl", "table", "section", "article", "figure"}
        | {"h1", "h2", "h3", "h4", "h5", "h6"}
    ),
    "table": frozenset(
        {"table", "div", "ul", "ol", "section", "article", "blockquote", "form"}
        | {"h1", "h2", "h3"}
    ),
    "div": frozenset(
        {"div", "p", "ul", "ol", "dl", "table", "section", "article", "blockquote", "pre"}
        | {"figure", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
    ),
}

# Elements whose text is a block of its own even when they sit inside another block: their
# outer block is emitted once, with the inner text merged (a <p> inside an <li> or a quote).
BODY_OUTER_BLOCK_TAGS: frozenset[str] = frozenset({"li", "blockquote", "table", "dd", "dt"})

# Block-level tags: text directly inside one of these, between its child blocks, is "loose"
# text that the block query does not see (WordPress classic editor: text and <br> straight
# in the entry div).
BODY_BLOCK_LEVEL_TAGS: frozenset[str] = frozenset(
    {
        "address", "article", "blockquote", "body", "dd", "details", "div", "dl", "dt",
        "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
        "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul", "center", "caption", "hgroup", "form", "html",
    }
)  # fmt: skip

# class/id words of story containers (prefix match at a word start). Taught by WordPress
# (entry-content, post-content), Arc/Brightspot/Drupal news CMSs (article-body, story-body,
# field-name-body, article__content) and Blogger (post-body).
BODY_POSITIVE_WORDS: tuple[str, ...] = (
    "article",
    "body",
    "content",
    "story",
    "text",
    "entry",
    "post",
    "main",
    "prose",
    "blog",
)

# class/id of an element that is the story body itself, a strong bonus for the container: a
# prefix word followed by a suffix word, apart ("article-body", "c-entry-content",
# "article__body") or run together ("articleBody", "storytext", "postcontent").
BODY_STRONG_PREFIXES: tuple[str, ...] = (
    "article",
    "story",
    "entry",
    "post",
    "news",
    "blog",
    "main",
    "item",
    "body",
    "rich",
    "content",
)
BODY_STRONG_SUFFIXES: tuple[str, ...] = ("body", "content", "text", "copy")

# class/id words of boxes that are never story text, even when a positive word is there too
# ("related-content", "article-share"). Taught by news sites' share bars, related and
# recommended teaser boxes, newsletter and paywall prompts, cookie banners, WordPress and
# Disqus comment sections, Outbrain/Taboola widgets. In every word list here a word matches
# the start of a class/id word ("share" matches "sharebar", not "timeshare"); a word with a
# hyphen matches consecutive words ("more-stories" in "more-stories-list").
BODY_BOILERPLATE_WORDS: tuple[str, ...] = (
    "share",
    "sharing",
    "social",
    "related",
    "recommend",
    "newsletter",
    "subscri",
    "signup",
    "sign-up",
    "promo",
    "advert",
    "sponsor",
    "cookie",
    "consent",
    "gdpr",
    "comment",
    "disqus",
    "respond",
    "breadcrumb",
    "paywall",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "trending",
    "most-popular",
    "mostpopular",
    "most-read",
    "mostread",
    "read-next",
    "readnext",
    "more-stories",
    "morestories",
    "more-on-this",
    "also-read",
    "see-also",
    "pagination",
    "pager",
    "skip-link",
    "screen-reader",
    "sr-only",
    "visually-hidden",
    "author-bio",
    "about-author",
    "post-author",
    "jetpack-related",
    # Affiliate disclosures; newsletter boxes named in two words ("news-letter-section").
    "affiliate",
    "news-letter",
    # WordPress classic themes' post footer: "This entry was posted on ... and is filed
    # under ... You can follow any responses to this entry through the RSS 2.0 feed."
    "postmetadata",
)
# Words that look like BODY_BOILERPLATE_WORDS but name story text: opinion pages
# ("commentary"), finance pages ("shareholders").
BODY_BOILERPLATE_EXCEPTIONS: tuple[str, ...] = ("commentary", "shareholder")

# class/id words of chrome around the story, ignored when the same element also carries a
# BODY_POSITIVE_WORDS word ("main-content has-sidebar" is the story wrapper on some themes).
# Bylines, datelines and tag lists sit inside the story container on most news CMSs; image
# and gallery holders carry caption text next to the picture (broadcasters' sites); product
# and teaser carousels ("swiper-slide") sit inside blog posts on shop-run magazines.
BODY_CHROME_WORDS: tuple[str, ...] = (
    "nav",
    "menu",
    "footer",
    "sidebar",
    "widget",
    "header",
    "masthead",
    "banner",
    "byline",
    "author",
    "caption",
    "credit",
    "copyright",
    "meta",
    "dateline",
    "timestamp",
    "date",
    "tags",
    "keywords",
    "topics",
    "bio",
    "rating",
    "login",
    "search",
    "toolbar",
    "print",
    "teaser",
    "hidden",
    "image",
    "photo",
    "gallery",
    "slideshow",
    "carousel",
    "swiper",
    "slider",
)
# Layout modifiers name a feature of the element, not what it is: "has-image", "with-video",
# "enable-lightbox" on story wrappers (WordPress themes); WordPress also names the post's
# taxonomy terms on it ("category-comment", "tag-social"). The word after one is not judged.
BODY_MODIFIER_WORDS: frozenset[str] = frozenset(
    {"has", "with", "without", "no", "enable", "show", "category", "tag"}
)
# Whole class/id tokens of chrome (too short to match as prefixes): ad slots and tag lists.
BODY_CHROME_TOKENS: tuple[str, ...] = ("ad", "ads", "tag", "cta", "dfp", "gpt")

# Tags never judged by their class/id: WordPress prints post_class() on <article> (tag-social,
# category-comment...) and body_class() on <body>.
BODY_UNJUDGED_TAGS: frozenset[str] = frozenset({"html", "body", "article", "main"})

# class/id words of a standfirst printed before the story body, outside its container
# (French "chapo", US "dek", British "standfirst", German "intro"/"teaser-text" boxes, the
# "epigraph" of Latin American news CMSs).
BODY_LEAD_WORDS: tuple[str, ...] = (
    "intro",
    "lead",
    "lede",
    "chapo",
    "chapeau",
    "standfirst",
    "dek",
    "deck",
    "subtitle",
    "subheadline",
    "sub-headline",
    "subhead",
    "summary",
    "excerpt",
    "abstract",
    "sommario",
    "einleitung",
    "vorspann",
    "epigraph",
)

# class/id words of image captions outside <figcaption> (WordPress wp-caption-text, Arc
# image-caption; "legend" on French and Swiss sites' image boxes): caption candidates,
# never body.
BODY_CAPTION_WORDS: tuple[str, ...] = ("caption", "legend")

# What separates the headline from the site name in a <title> ("Story | Site", "Site :: Story").
BODY_TITLE_SEPARATOR_PATTERN: str = r"\s+(?:[|:·•»–—-]{1,2})\s+"

# Ends of a sentence: a short block ending like this is prose, not a label or a menu entry.
# German and Swiss quotes close with “ and «, Chinese and Japanese text ends with 。！？」.
BODY_SENTENCE_END_CHARS: str = ".!?…。！？」:;\"'»«”“’‘›‹)"

# class/id words of related-link boxes, and of recommended ones (a separate link kind).
# "more-on-this": the "More on this story" box under a story on a small news site's theme.
BODY_RELATED_WORDS: tuple[str, ...] = (
    "related",
    "more-stories",
    "morestories",
    "read-next",
    "readnext",
    "also-read",
    "see-also",
    "more-from",
    "morefrom",
    "more-on-this",
    "jetpack-related",
)
BODY_RECOMMENDED_WORDS: tuple[str, ...] = ("recommend", "outbrain", "taboola", "you-may-like")

# Image credits inside a caption: an element of its own (class credit/copyright, Arc and
# WordPress themes), or a label or a trailing parenthesis in the caption text (agency
# photos: "(AP Photo/Jane Doe)", "Photo: Reuters").
BODY_CREDIT_SELECTOR: str = (
    '[class*="credit" i], [class*="copyright" i], [class*="source" i], '
    '[itemprop="copyrightHolder"], [itemprop="creditText"]'
)
BODY_CREDIT_LABEL_PATTERN: str = (
    r"(?:^|[\s|/·•–—-])(?:photo(?:graph)?s?|images?|pictures?|credits?|foto|bild|"
    r"quelle|source)\s*(?::|by\b)\s*(?P<credit>[^|]+?)\s*$"
)
BODY_CREDIT_PAREN_PATTERN: str = (
    r"\s*[\[(](?P<credit>[^()\[\]]*(?:/|photo|foto|getty|reuters|afp|\bap\b|epa|dpa|"
    r"shutterstock|©)[^()\[\]]*)[\])]\s*$"
)
BODY_CREDIT_COPYRIGHT_PATTERN: str = r"\s*(?:©|\(c\)|copyright)\s*(?P<credit>[^©]+?)\s*$"

# Lines inside the story container that point elsewhere: a "read also" label alone (the box
# title of a teaser list) or followed by a linked headline. Taught by German, Polish, French,
# Spanish and English news sites, which drop such lines between paragraphs. Matched at the
# start of a block, case-folded.
BODY_READ_MORE_LABELS: tuple[str, ...] = (
    "read more",
    "read also",
    "you may also like",
    "you might also like",
    "you might like",
    "related stories",
    "related articles",
    "more stories",
    "more from",
    "also read",
    "see also",
    "more on this",
    "further reading",
    "explore further",
    "lesen sie auch",
    "lesen sie mehr",
    "auch lesen",
    "mehr zum thema",
    "mehr dazu",
    "schon gelesen",
    "das könnte dich auch interessieren",
    "das könnte sie auch interessieren",
    "lust auf mehr",
    "à lire aussi",
    "a lire aussi",
    "lire aussi",
    "voir aussi",
    "lee también",
    "leer más",
    "te puede interesar",
    "también te puede interesar",
    "leggi anche",
    "czytaj też",
    "czytaj także",
    "zobacz też",
    "lees ook",
    "läs också",
    "les også",
)

# Labels that mark an ad slot ("- Anzeige -", "Advertisement"): a block that says only this
# is never story text.
BODY_AD_LABELS: frozenset[str] = frozenset(
    {
        "anzeige",
        "werbung",
        "advert",
        "advertisement",
        "advertising",
        "ad",
        "ads",
        "sponsored",
        "gesponsert",
        "publicité",
        "publicidad",
        "pubblicità",
        "reklama",
        "annonce",
        "annons",
        "annonse",
        "advertentie",
    }
)

# A figure's caption or credit written as a paragraph of the story ("Abbildung 4: ...",
# "Foto: Reuters", "Bild: shutterstock"): image-heavy blogs and magazines put them between
# paragraphs. Matched at the start of a short block, case-folded.
BODY_FIGURE_LABEL_PATTERN: str = (
    r"^(?:abbildung|abb\.|figure|fig\.|grafik|bild|foto|fotos|photo|photos|image|"
    r"illustration|video)\s*\d*\s*:"
)

# A caption with its credit written as a paragraph: a sentence, then the credit in
# parentheses ("The first map of Titan. (NASA/JPL-Caltech)", "... (Photo: Ann Berg)"), or
# after a copyright sign (sports and golf sites: "... the crowd's favourite. © AFP / Jo Lind",
# "... in 1975. | © Club Archive/Photo Agency").
BODY_CAPTION_LINE_PATTERN: str = (
    r"[.!?]\s*\((?:[^()]*(?:/|photo|foto|getty|reuters|afp|\bap\b|epa|dpa|"
    r"shutterstock|©)[^()]*)\)$"
    r"|(?:[.!?]|\s\|)\s*©\s*[^©.!?]{2,60}$"
)

# Blocks that are only a label of the page's furniture: contact and source boxes, tables of
# contents, author boxes and comment forms that themes print inside the story container
# (German association and blog themes, magazine author boxes). Compared with the whole block,
# case-folded, trailing punctuation removed.
BODY_LABEL_LINES: frozenset[str] = frozenset(
    {
        "kontakt",
        "contact",
        "impressum",
        "inhaltsverzeichnis",
        "table of contents",
        "quellen",
        "quellenangaben",
        "sources",
        "zusatzinformationen",
        "über den autor",
        "über die autorin",
        "about the author",
        "kommentare schreiben",
        "kommentar schreiben",
        "leave a comment",
        "leave a reply",
        "write a comment",
    }
)

# Lines about the page rather than the story, matched at the start of a short block
# (case-folded): update stamps ("Aktualisiert am 17.01.2021.", "Stand: 5. Februar 2020"),
# copyright lines, WordPress "posted in" footers and citation boxes of law blogs.
BODY_META_LINE_PATTERN: str = (
    r"^(?:aktualisiert am|zuletzt aktualisiert|stand:|updated:|updated on|last updated|"
    r"copyright\s*(?:©|\(c\)|\d{4})|©|der beitrag wurde am|dieser beitrag wurde|"
    r"this entry was posted|suggested citation)"
)

# Calls to action written as paragraphs at the ends of a story: subscribe, join a channel,
# download the app, become a member, support us (news sites in English, Spanish, German,
# French, Italian and Polish end their stories with one or two of these). Matched anywhere in
# a short block, case-folded; only the first and last blocks of a container are tested.
BODY_PROMO_PATTERN: str = (
    r"\bsubscribe (?:now|today|here|to (?:our|the))\b|\bsign up (?:here|now|for|to)\b"
    r"|\bdownload (?:the|our)\b.{0,40}\bapps?\b|\bfollow us\b|\bclick here\b"
    r"|\bif you (?:enjoyed|liked) (?:reading )?this\b|\bconsider supporting\b"
    r"|\bsuscr[ií]bete\b|\b[úu]nete\b|\bhazte (?:miembro|socio)\b|\bs[íi]guenos\b"
    r"|\b(?:jetzt|hier) (?:registrieren|anmelden|abonnieren)\b|\bwerden sie mitglied\b"
    r"|\bwerde mitglied\b|\bfolgen sie uns\b|\bunterstützen sie (?:uns|unsere arbeit)\b"
    r"|\babonnez-vous\b|\bsuivez-nous\b|\binscrivez-vous\b|\biscriviti\b|\bseguici\b"
    r"|\bzapraszamy\b.{0,30}\bsubskrypcj|\bwesprzyj nas\b|\bzasubskrybuj\b"
    r"|\b(?:telegram|whatsapp)\b.{0,60}\b(?:canal|channel|kanal)\b"
    r"|\b(?:canal|channel|kanal)\b.{0,60}\b(?:telegram|whatsapp)\b"
)
# Substrings of which every call to action above holds one (a cheap test before the pattern).
BODY_PROMO_KEYS: tuple[str, ...] = (
    "subscri",
    "sign up",
    "download",
    "follow us",
    "click here",
    "if you ",
    "supporting",
    "suscr",
    "nete",
    "hazte",
    "guenos",
    "registrieren",
    "anmelden",
    "abonn",
    "mitglied",
    "folgen sie",
    "unterstützen sie",
    "suivez",
    "inscrivez",
    "iscriviti",
    "seguici",
    "subskry",
    "wesprzyj",
    "telegram",
    "whatsapp",
)
