-- Which stories point readers to which other stories.
select
    articles.title as article,
    links.kind,
    links.title as linked_headline
from core.links as links
join core.articles as articles on articles.article_id = links.article_id
where links.kind in ('related', 'recommended')
order by articles.title, links.position;
