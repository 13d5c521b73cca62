-- How fresh each site is and which fields its articles lack.
select
    site,
    count_articles,
    cast(latest_published_at as date) as latest_published_on,
    count_published_7d,
    count_published_30d,
    round(100 * share_published_at) as pct_dated,
    round(100 * share_authors) as pct_bylined,
    round(100 * share_language) as pct_language
from marts.source_freshness
order by latest_published_at desc nulls last, site;
