-- Where the articles came from: discovered through a feed, a sitemap, a list, or read from files.
select
    coalesce(split_part(discovered_via, ':', 1), 'file') as found_through,
    count(*) as count_articles,
    min(fetched_at) as first_fetched_at
from core.articles
group by found_through
order by count_articles desc;
