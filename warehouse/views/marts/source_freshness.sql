-- Grain: one row per site (site_name, else the host of the canonical URL or URL, else
-- (unknown)): how recent its articles are and how completely their fields were extracted.
-- The 7- and 30-day windows end at the time of the query (current_timestamp), so the counts
-- change as time passes even when no load runs.
create or replace view marts.source_freshness as
with articles as (
    select
        article_id,
        doc_id,
        site_name,
        canonical_url,
        url,
        authors,
        published_at,
        language,
        word_count,
        extraction_score,
        fetched_at
    from core.articles
),

fetches as (
    select
        doc_id,
        source_name
    from raw.fetches
    where doc_id is not null and source_name is not null
),

sited as (
    select
        coalesce(
            site_name,
            marts.site_host(coalesce(canonical_url, url)),
            '(unknown)'
        ) as site,
        doc_id,
        authors,
        published_at,
        language,
        word_count,
        extraction_score,
        fetched_at
    from articles
),

site_sources as (
    select distinct
        sited.site,
        fetches.source_name
    from sited
    join fetches on fetches.doc_id = sited.doc_id
),

coverage as (
    select
        site,
        count(*) as count_articles,
        max(published_at) as latest_published_at,
        max(fetched_at) as latest_fetched_at,
        count(*) filter (
            where published_at >= current_timestamp - interval 7 day
        ) as count_published_7d,
        count(*) filter (
            where published_at >= current_timestamp - interval 30 day
        ) as count_published_30d,
        avg(case when published_at is not null then 1 else 0 end) as share_published_at,
        avg(case when len(authors) > 0 then 1 else 0 end) as share_authors,
        avg(case when word_count > 0 then 1 else 0 end) as share_body,
        avg(case when extraction_score >= 0.5 then 1 else 0 end) as share_full_body,
        avg(case when language is not null then 1 else 0 end) as share_language
    from sited
    group by site
),

sources as (
    select
        site,
        list_sort(list(source_name)) as source_names
    from site_sources
    group by site
),

final as (
    select
        coverage.site,
        coalesce(sources.source_names, []) as source_names,
        coverage.count_articles,
        coverage.latest_published_at,
        coverage.latest_fetched_at,
        coverage.count_published_7d,
        coverage.count_published_30d,
        coverage.share_published_at,
        coverage.share_authors,
        coverage.share_body,
        coverage.share_full_body,
        coverage.share_language
    from coverage
    left join sources on sources.site = coverage.site
)

select * from final;

comment on view marts.source_freshness is 'Sources'' freshness and coverage: one row per site with its latest publication and fetch, articles published in the last 7 and 30 days (up to the time of the query), and the share of its articles that have each field. Shares are fractions in [0, 1] of count_articles.';
comment on column marts.source_freshness.site is 'site_name, else the host of the canonical URL or URL, else (unknown); as in marts.daily_articles.';
comment on column marts.source_freshness.source_names is 'Sources (sources.toml names) whose fetches returned these articles'' current documents, sorted; empty for files and URLs given on the command line.';
comment on column marts.source_freshness.count_articles is 'Articles of this site in core.articles.';
comment on column marts.source_freshness.latest_published_at is 'Most recent publication time among them (UTC); null when none is dated.';
comment on column marts.source_freshness.latest_fetched_at is 'When one of its pages was last fetched or its file last read (UTC, core.articles.fetched_at).';
comment on column marts.source_freshness.count_published_7d is 'Articles published within the 7 days (168 hours) before the query ran.';
comment on column marts.source_freshness.count_published_30d is 'Articles published within the 30 days (720 hours) before the query ran.';
comment on column marts.source_freshness.share_published_at is 'Share of its articles with a publication time.';
comment on column marts.source_freshness.share_authors is 'Share of its articles with at least one author in the byline.';
comment on column marts.source_freshness.share_body is 'Share of its articles with a non-empty body (word_count above 0).';
comment on column marts.source_freshness.share_full_body is 'Share of its articles whose body the extractor judged complete: extraction_score of 0.5 or more (null scores count as not complete).';
comment on column marts.source_freshness.share_language is 'Share of its articles with a declared language.';
