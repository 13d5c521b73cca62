-- Articles that changed most after first being loaded, and how their headline moved.
select
    title,
    first_title,
    count_versions,
    count_distinct_bodies,
    cast(first_loaded_at as date) as first_loaded_on,
    cast(last_loaded_at as date) as last_loaded_on
from marts.latest_articles
order by count_versions desc, count_distinct_bodies desc, last_loaded_at desc, title
limit 10;
