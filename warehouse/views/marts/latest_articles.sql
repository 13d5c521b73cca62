-- Grain: one row per article that has a version in core.article_versions: the fields of its
-- latest (highest-numbered) version, with how many versions there are and when the first and
-- last were loaded.
create or replace view marts.latest_articles as
with versions as (
    select
        article_id,
        version,
        doc_id,
        extractor_version,
        title,
        published_at,
        updated_at,
        word_count,
        body_sha256,
        loaded_at,
        load_id
    from core.article_versions
),

history as (
    select
        article_id,
        count(*) as count_versions,
        count(distinct body_sha256) as count_distinct_bodies,
        arg_min(title, version) as first_title,
        min(loaded_at) as first_loaded_at,
        max(loaded_at) as last_loaded_at
    from versions
    group by article_id
),

latest as (
    select
        article_id,
        version,
        doc_id,
        extractor_version,
        title,
        published_at,
        updated_at,
        word_count,
        body_sha256,
        load_id
    from versions
    qualify row_number() over (partition by article_id order by version desc) = 1
),

final as (
    select
        latest.article_id,
        latest.version,
        latest.title,
        history.first_title,
        latest.published_at,
        latest.updated_at,
        latest.word_count,
        latest.body_sha256,
        latest.doc_id,
        latest.extractor_version,
        history.count_versions,
        history.count_distinct_bodies,
        history.first_loaded_at,
        history.last_loaded_at,
        latest.load_id
    from latest
    join history on history.article_id = latest.article_id
)

select * from final;

comment on view marts.latest_articles is 'Latest version of each article, from core.article_versions: the fields of its highest version, how many versions it has had, and when the first and the latest were loaded. Compare title with first_title to find retitled stories.';
comment on column marts.latest_articles.article_id is 'The article (core.articles.article_id).';
comment on column marts.latest_articles.version is 'Number of the latest version (equals count_versions unless versions are missing).';
comment on column marts.latest_articles.title is 'Headline of the latest version.';
comment on column marts.latest_articles.first_title is 'Headline of version 1 (the earliest on record).';
comment on column marts.latest_articles.published_at is 'Publication time the latest version gave (UTC).';
comment on column marts.latest_articles.updated_at is 'Update time the latest version gave (UTC).';
comment on column marts.latest_articles.word_count is 'Words in the latest version''s body.';
comment on column marts.latest_articles.body_sha256 is 'Hex SHA-256 of the latest version''s body text.';
comment on column marts.latest_articles.doc_id is 'The raw.documents row the latest version was extracted from.';
comment on column marts.latest_articles.extractor_version is 'Extractor version that produced the latest version.';
comment on column marts.latest_articles.count_versions is 'Versions on record for this article.';
comment on column marts.latest_articles.count_distinct_bodies is 'Distinct body texts among those versions: 1 when only metadata or the extractor changed.';
comment on column marts.latest_articles.first_loaded_at is 'When the first version on record was loaded (UTC).';
comment on column marts.latest_articles.last_loaded_at is 'When the latest version was loaded (UTC).';
comment on column marts.latest_articles.load_id is 'The load that wrote the latest version (see ops.loads).';
