-- Latest articles: headline, site, date and byline, newest first.
select
    title,
    site,
    section,
    cast(published_at as date) as published_on,
    authors,
    word_count
from marts.article_overview
order by published_at desc nulls last
limit 10;
