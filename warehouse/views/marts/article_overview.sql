-- Grain: one row per article (core.articles), readable at a glance.
create or replace view marts.article_overview as
with articles as (
    select * from core.articles
),

paragraph_counts as (
    select
        article_id,
        count(*) as count_paragraphs
    from core.paragraphs
    group by article_id
),

link_counts as (
    select
        article_id,
        count(*) as count_links
    from core.links
    group by article_id
),

final as (
    select
        articles.article_id,
        articles.title,
        coalesce(
            articles.site_name,
            marts.site_host(coalesce(articles.canonical_url, articles.url))
        ) as site,
        articles.section,
        articles.published_at,
        array_to_string(articles.authors, ', ') as authors,
        articles.language,
        articles.word_count,
        articles.reading_time_min,
        coalesce(paragraph_counts.count_paragraphs, 0) as count_paragraphs,
        coalesce(link_counts.count_links, 0) as count_links,
        articles.agency,
        len(articles.quality_flags) > 0 as is_flagged,
        coalesce(articles.canonical_url, articles.url, articles.source_uri) as address,
        articles.first_seen_at,
        articles.load_id
    from articles
    left join paragraph_counts on paragraph_counts.article_id = articles.article_id
    left join link_counts on link_counts.article_id = articles.article_id
)

select * from final;

comment on view marts.article_overview is 'One readable row per article: headline, site, date, byline and size. Join to core.articles on article_id for the full text.';
comment on column marts.article_overview.article_id is 'Key of the article (core.articles.article_id).';
comment on column marts.article_overview.title is 'Headline.';
comment on column marts.article_overview.site is 'site_name, else the host of the canonical URL or URL.';
comment on column marts.article_overview.section is 'Section as the publisher writes it.';
comment on column marts.article_overview.published_at is 'First publication time (UTC).';
comment on column marts.article_overview.authors is 'Author names joined with commas, in byline order.';
comment on column marts.article_overview.language is 'ISO 639-1 language code.';
comment on column marts.article_overview.word_count is 'Words in the body text.';
comment on column marts.article_overview.reading_time_min is 'Reading time printed by the publisher, in minutes.';
comment on column marts.article_overview.count_paragraphs is 'Body blocks in core.paragraphs.';
comment on column marts.article_overview.count_links is 'Links in core.links.';
comment on column marts.article_overview.agency is 'News agency the story comes from (a credited wire service, or the agency of the opening dateline), e.g. AFP; null for own copy.';
comment on column marts.article_overview.is_flagged is 'True when the article failed a warn-level expectation (see core.articles.quality_flags).';
comment on column marts.article_overview.address is 'Canonical URL, else URL, else the file it was read from.';
comment on column marts.article_overview.first_seen_at is 'When copydesk first loaded the article (UTC).';
comment on column marts.article_overview.load_id is 'The load that last wrote the article.';
