-- Grain: one row per publication day (UTC), site and section.
create or replace view marts.daily_articles as
with articles as (
    select
        published_at,
        site_name,
        canonical_url,
        url,
        section
    from core.articles
),

final as (
    select
        cast(timezone('UTC', published_at) as date) as day,
        coalesce(
            site_name,
            marts.site_host(coalesce(canonical_url, url)),
            '(unknown)'
        ) as site,
        coalesce(section, '(none)') as section,
        count(*) as count
    from articles
    where published_at is not null
    group by day, site, section
)

select * from final;

comment on view marts.daily_articles is 'Articles published per day (UTC), site and section. Articles without a publication date are left out; see marts.article_overview for them.';
comment on column marts.daily_articles.day is 'Publication day in UTC.';
comment on column marts.daily_articles.site is 'site_name, else the host of the canonical URL or URL, else (unknown).';
comment on column marts.daily_articles.section is 'Section as the publisher writes it, (none) when absent.';
comment on column marts.daily_articles.count is 'Number of articles published that day on that site in that section.';
