-- Articles published per day and site.
select
    day,
    site,
    sum(count) as count_articles
from marts.daily_articles
group by day, site
order by day desc, site
limit 10;
