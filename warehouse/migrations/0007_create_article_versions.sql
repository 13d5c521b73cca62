-- Every version of every article: a new row each time a load changes an article (new bytes,
-- or a new extractor version over the same bytes). core.articles holds the latest.
create table core.article_versions (
    article_id varchar not null,
    version integer not null,
    doc_id varchar not null,
    extractor_version varchar not null,
    title varchar not null,
    published_at timestamptz,
    updated_at timestamptz,
    word_count integer not null,
    body_sha256 varchar not null,
    loaded_at timestamptz not null,
    load_id varchar not null,
    primary key (article_id, version)
);

comment on table core.article_versions is 'One row per version of an article: written whenever a load inserts an article or changes it (new content, or a new extractor version over the same content). The highest version is the one in core.articles.';
comment on column core.article_versions.article_id is 'The article (core.articles.article_id).';
comment on column core.article_versions.version is 'Version number, from 1, in load order.';
comment on column core.article_versions.doc_id is 'The raw.documents row this version was extracted from.';
comment on column core.article_versions.extractor_version is 'Extractor version that produced this version.';
comment on column core.article_versions.title is 'Headline of this version.';
comment on column core.article_versions.published_at is 'Publication time this version gave (UTC).';
comment on column core.article_versions.updated_at is 'Update time this version gave (UTC).';
comment on column core.article_versions.word_count is 'Words in this version''s body.';
comment on column core.article_versions.body_sha256 is 'Hex SHA-256 of this version''s body_text: equal hashes mean the text did not change.';
comment on column core.article_versions.loaded_at is 'When the load wrote this version (UTC).';
comment on column core.article_versions.load_id is 'The load that wrote this version (see ops.loads).';

-- Articles loaded before versions were kept start with their current row as version 1.
insert into core.article_versions (
    article_id, version, doc_id, extractor_version, title, published_at, updated_at,
    word_count, body_sha256, loaded_at, load_id
)
select
    article_id, 1, doc_id, extractor_version, title, published_at, updated_at,
    word_count, sha256(body_text), last_changed_at, load_id
from core.articles;
