create table core.articles (
    article_id varchar primary key,
    doc_id varchar not null,
    source_uri varchar not null,
    url varchar,
    canonical_url varchar,
    site_name varchar,
    title varchar not null,
    subtitle varchar,
    description varchar,
    section varchar,
    authors varchar[] not null,
    published_at timestamptz,
    updated_at timestamptz,
    language varchar,
    reading_time_min integer,
    word_count integer not null,
    body_text varchar not null,
    image_url varchar,
    image_caption varchar,
    image_credit varchar,
    agency varchar,
    dateline varchar,
    tags varchar[] not null,
    extractor varchar not null,
    extractor_version varchar not null,
    quality_flags varchar[] not null,
    first_seen_at timestamptz not null,
    last_changed_at timestamptz not null,
    load_id varchar not null
);

comment on table core.articles is 'One row per news article that passed validation. An article is identified by its canonical URL when the page gives one, else by where it was read from; new content for the same article updates this row in place.';
comment on column core.articles.article_id is 'Stable key: hex SHA-256 of the normalised canonical URL, or of the source URI when there is no canonical URL.';
comment on column core.articles.doc_id is 'The raw.documents row this version of the article was extracted from.';
comment on column core.articles.source_uri is 'Where the document was read from: file:// path or http(s) URL.';
comment on column core.articles.url is 'The web address the page was fetched from, or the one it names for itself when read from a file; null when unknown.';
comment on column core.articles.canonical_url is 'The address the publisher declares canonical (link rel=canonical, og:url, JSON-LD url), normalised.';
comment on column core.articles.site_name is 'Publication name as the page gives it (og:site_name, JSON-LD publisher).';
comment on column core.articles.title is 'Headline, without the site name suffix of the HTML title.';
comment on column core.articles.subtitle is 'Standfirst or dek printed under the headline; null when the page has none.';
comment on column core.articles.description is 'Summary from the page metadata (meta description, og:description, JSON-LD description).';
comment on column core.articles.section is 'Section or desk the publisher files the article under, as written (e.g. WORLD, Politics).';
comment on column core.articles.authors is 'Author names in byline order; the same names are rows of core.article_authors. Empty when no byline.';
comment on column core.articles.published_at is 'First publication time (UTC). Midnight UTC when the source gives only a date. Null when the source gives none.';
comment on column core.articles.updated_at is 'Last modification time the publisher declares (UTC), e.g. JSON-LD dateModified; null when none is given. Not a warehouse timestamp: see last_changed_at.';
comment on column core.articles.language is 'ISO 639-1 language code (e.g. en, de) declared by the page; null when undeclared.';
comment on column core.articles.reading_time_min is 'Reading time in minutes as printed by the publisher (e.g. 3 MIN READ); never estimated.';
comment on column core.articles.word_count is 'Number of words in body_text.';
comment on column core.articles.body_text is 'Main text: the paragraphs of core.paragraphs joined by blank lines, boilerplate left out.';
comment on column core.articles.image_url is 'Lead image address (og:image, JSON-LD image).';
comment on column core.articles.image_caption is 'Caption of the lead image, without its credit.';
comment on column core.articles.image_credit is 'Credit of the lead image (e.g. Reuters, from "/ Photo: Reuters").';
comment on column core.articles.agency is 'News agency the story comes from (e.g. AFP, from "SOURCE:AFP").';
comment on column core.articles.dateline is 'Dateline printed above the body, as written (e.g. "June 26, 2024").';
comment on column core.articles.tags is 'Keywords or tags the publisher attaches to the article.';
comment on column core.articles.extractor is 'Which reader produced the row: html or textdump.';
comment on column core.articles.extractor_version is 'Version of that reader; a new version re-extracts unchanged documents.';
comment on column core.articles.quality_flags is 'Names of warn-level expectations (expectations/core.articles.json) this row failed; empty when clean. Filter on it to drop doubtful rows.';
comment on column core.articles.first_seen_at is 'When copydesk first loaded this article (UTC).';
comment on column core.articles.last_changed_at is 'When a load last changed this row (new content or new extractor version), UTC.';
comment on column core.articles.load_id is 'The load that last wrote this row (see ops.loads).';

create table core.paragraphs (
    article_id varchar not null,
    position integer not null,
    kind varchar not null,
    text varchar not null,
    load_id varchar not null
);

comment on table core.paragraphs is 'Body blocks of each article in reading order; one row per paragraph, heading, quote, list item or table.';
comment on column core.paragraphs.article_id is 'The article (core.articles.article_id).';
comment on column core.paragraphs.position is 'Order in the body, from 1.';
comment on column core.paragraphs.kind is 'paragraph, heading, quote, list_item or table.';
comment on column core.paragraphs.text is 'Text of the block, whitespace collapsed.';
comment on column core.paragraphs.load_id is 'The load that last wrote this row (see ops.loads).';

create table core.links (
    article_id varchar not null,
    position integer not null,
    kind varchar not null,
    title varchar not null,
    url varchar,
    load_id varchar not null
);

comment on table core.links is 'Links that belong to an article: related and recommended boxes, the explore list, and links inside the body text.';
comment on column core.links.article_id is 'The article (core.articles.article_id).';
comment on column core.links.position is 'Order among the article''s links, from 1.';
comment on column core.links.kind is 'related, recommended, explore or inline.';
comment on column core.links.title is 'Link text (a headline for related/explore links).';
comment on column core.links.url is 'Absolute target address; null when the source gives only the headline (text dumps).';
comment on column core.links.load_id is 'The load that last wrote this row (see ops.loads).';

create table core.article_authors (
    article_id varchar not null,
    position integer not null,
    name varchar not null,
    load_id varchar not null
);

comment on table core.article_authors is 'Authors of each article, one row per person in byline order.';
comment on column core.article_authors.article_id is 'The article (core.articles.article_id).';
comment on column core.article_authors.position is 'Order in the byline, from 1.';
comment on column core.article_authors.name is 'Author name as printed, whitespace collapsed.';
comment on column core.article_authors.load_id is 'The load that last wrote this row (see ops.loads).';
