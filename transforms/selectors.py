"""CSS selectors and vocabularies used by the HTML readers, as data in one place.

Each entry says which kind of page taught it. Two sections: metadata (transforms/metadata.py)
and main content (transforms/body.py).
"""

from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Metadata (transforms/metadata.py)
# ---------------------------------------------------------------------------------------------

METADATA_SCAN_SELECTOR: str = (
    "meta[content], link[rel][href], script[type*='ld+json' i], title, h1, time"
)
"""The one full-tree query of the metadata reader: everything else is looked up in its result
or in small subtrees around the headline (each extra full-tree query costs ~0.1 ms a page).
The attribute filters cost nothing measurable and leave a third fewer nodes to look at."""

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
    "byl",
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
)
META_MODIFIED: tuple[str, ...] = (
    "article:modified_time",
    "og:updated_time",
    "dc.date.modified",
    "dcterms.modified",
    "itemprop:datemodified",
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

PUBLISHED_TIME_CONTAINERS: frozenset[str] = frozenset({"article", "header"})
"""A ``<time>`` inside these (and not marked as an update) dates the story itself."""

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
        "[itemprop~=author] [itemprop~=name]",
        "[itemprop~=author]",
        "a[rel~=author]",
        "byline",
        ".by-line",
        "[class*=byline i]",
        "[class*=author i]",
        "[class*=autor i]",
        "article address",
    )
)
BYLINE_EXCLUDED_TAGS: frozenset[str] = frozenset({"form", "nav", "aside", "figcaption"})
"""Byline-looking elements inside these are comment forms, teasers or photo credits."""
BYLINE_EXCLUDED_CLASS = "comment"
"""WordPress "comment-author" boxes name commenters, not the author."""

HEADER_SEARCH_LEVELS = 3
"""How many ancestors of the h1 make the header area, where dates and "4 min read" are printed."""
HEADER_TEXT_LIMIT = 2000
"""Characters of the header area's text searched: dates and reading times sit at its top."""

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

# Byline prefixes in the languages of the corpus ("By", "Von", "Par", "Por", "Door", "Av").
AUTHOR_PREFIXES: tuple[str, ...] = (
    "post author",
    "erstellt von",
    "geschrieben von",
    "verfasst von",
    "written by",
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
# Agency and desk credits stand where a byline would: they are not people.
ORGANIZATION_NAMES: frozenset[str] = frozenset(
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
        "epa",
        "upi",
        "xinhua",
        "kyodo",
        "pa",
        "pa media",
        "press association",
        "bloomberg",
        "cnn",
        "bbc",
        "admin",
        "administrator",
        "editor",
        "editors",
        "the editors",
        "guest",
        "guest author",
        "anonymous",
        "unknown",
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
    }
)
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
# Words that turn up in byline boxes next to the name ("Updated 3 hours ago", "Follow").
AUTHOR_JUNK_WORDS: frozenset[str] = frozenset(
    {
        "updated",
        "published",
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
        "von",
        "view",
        "posts",
        "profil",
        "artikel",
        "articles",
        "beiträge",
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

# ---------------------------------------------------------------------------------------------
# Main content (transforms/body.py)
# ---------------------------------------------------------------------------------------------

# Elements that never hold story text. Scripts, styles and embeds leak code or fallback text
# ("Your browser does not support video") into blocks; nav, footer, header and aside carry site
# chrome on every CMS we have seen; buttons and selects are widget labels. Forms are dropped
# only when they do not wrap the story (ASP.NET pages put the whole page in one <form>), see
# BODY_FORM_KEEP_SELECTOR. Elements without text (img, input, picture) are not listed: every
# tag here costs a little on each page's query.
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

# Attributes that hide an element from readers: paywall teasers, mobile duplicates and
# pre-rendered pop-ups hide their markup this way. Inline styles are checked with
# BODY_HIDDEN_STYLE_PATTERN because selector substring matches are slow on big pages.
BODY_HIDDEN_SELECTORS: tuple[str, ...] = ("[hidden]", '[aria-hidden="true"]', "[style]")
BODY_HIDDEN_STYLE_PATTERN: str = r"display\s*:\s*none|visibility\s*:\s*hidden"

# A <form> or <noscript> that holds the headline or an article element is the page wrapper,
# not a newsletter form or a tracking pixel: ASP.NET WebForms put the whole page in one
# <form>; script-rendered sites ship the readable page inside <noscript>. Keep those.
BODY_WRAPPER_TAGS: tuple[str, ...] = ("form", "noscript")
BODY_FORM_KEEP_SELECTOR: str = "h1, article, main, [itemprop=articleBody]"
# A [hidden] or aria-hidden wrapper that holds the story container is the page behind an open
# pop-up, not hidden text. display:none copies of the story (microdata duplicates on news
# portals) are dropped whatever they hold.
BODY_HIDDEN_KEEP_SELECTOR: str = "article, main, [itemprop=articleBody]"

# Blocks of text, by kind. h1 is the headline (metadata), never body. dd/dt and leaf divs
# are plain paragraphs: glossaries and div-soup pages (Blogger templates) put prose there.
BODY_PARAGRAPH_TAGS: frozenset[str] = frozenset({"p", "dd", "dt", "pre", "div"})
BODY_HEADING_TAGS: frozenset[str] = frozenset({"h2", "h3", "h4", "h5", "h6"})
BODY_QUOTE_TAGS: frozenset[str] = frozenset({"blockquote"})
BODY_LIST_ITEM_TAGS: frozenset[str] = frozenset({"li"})
BODY_TABLE_TAGS: frozenset[str] = frozenset({"table"})
BODY_CAPTION_TAGS: frozenset[str] = frozenset({"figcaption"})

# One query finds every block. A div counts only when no block-level element is inside it:
# Blogger and old CMS pages write each paragraph as <div><span>text</span></div>. A list item
# or table holding layout (teaser cards in <li>, pages laid out in nested tables) is not a
# block: the blocks inside it are.
BODY_BLOCK_SELECTOR: str = (
    "p, h2, h3, h4, h5, h6, blockquote, pre, dd, dt, figcaption, "
    "li:not(:has(div, ul, ol, dl, table, section, article, h1, h2, h3, h4, h5, h6, figure)), "
    "table:not(:has(table, div, ul, ol, section, article, h1, h2, h3, blockquote, form)), "
    "div:not(:has(div, p, ul, ol, dl, table, section, article, h1, h2, h3, h4, h5, h6, "
    "blockquote, pre, figure, li))"
)

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
)
# Words that look like BODY_BOILERPLATE_WORDS but name story text: opinion pages
# ("commentary"), finance pages ("shareholders").
BODY_BOILERPLATE_EXCEPTIONS: tuple[str, ...] = ("commentary", "shareholder")

# class/id words of chrome around the story, ignored when the same element also carries a
# BODY_POSITIVE_WORDS word ("main-content has-sidebar" is the story wrapper on some themes).
# Bylines, datelines and tag lists sit inside the story container on most news CMSs; image
# and gallery holders carry caption text next to the picture (broadcasters' sites).
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
)
# Layout modifiers name a feature of the element, not what it is: "has-image", "with-video",
# "enable-lightbox" on story wrappers (WordPress themes). The word after one is not judged.
BODY_MODIFIER_WORDS: frozenset[str] = frozenset({"has", "with", "without", "no", "enable", "show"})
# Whole class/id tokens of chrome (too short to match as prefixes): ad slots and tag lists.
BODY_CHROME_TOKENS: tuple[str, ...] = ("ad", "ads", "tag", "cta", "dfp", "gpt")

# Tags never judged by their class/id: WordPress prints post_class() on <article> (tag-social,
# category-comment...) and body_class() on <body>.
BODY_UNJUDGED_TAGS: frozenset[str] = frozenset({"html", "body", "article", "main"})

# class/id words of image captions outside <figcaption> (WordPress wp-caption-text, Arc
# image-caption): caption candidates, never body.
BODY_CAPTION_WORDS: tuple[str, ...] = ("caption",)

# What separates the headline from the site name in a <title> ("Story | Site", "Site :: Story").
BODY_TITLE_SEPARATOR_PATTERN: str = r"\s+(?:[|:·•»–—-]{1,2})\s+"

# Ends of a sentence: a short block ending like this is prose, not a label or a menu entry.
BODY_SENTENCE_END_PATTERN: str = r"[.!?…。！？:;\"'»”’)]\s*$"

# class/id words of related-link boxes, and of recommended ones (a separate link kind).
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
    "jetpack-related",
)
BODY_RECOMMENDED_WORDS: tuple[str, ...] = ("recommend", "outbrain", "taboola", "you-may-like")
# The words searched for in class/id around the story to find those boxes (most related boxes
# on news sites say "related" or "recommend" somewhere in their class or id).
BODY_BOX_QUERY_WORDS: tuple[str, ...] = ("related", "recommend")

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
