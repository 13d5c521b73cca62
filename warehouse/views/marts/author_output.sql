-- Grain: one row per author name (as printed in bylines) and site.
-- The same person printed two ways ("Tom Nguyen", "T. Nguyen") is two rows: names are kept as
-- the publisher wrote them, never merged by guesswork.
create or replace view marts.author_output as
with article_authors as (
    select
        article_id,
        name
    from core.article_authors
),

articles as (
    select
        article_id,
        site_name,
        canonical_url,
        url,
        section,
        published_at,
        word_count
    from core.articles
),

bylines as (
    select distinct
        article_authors.name as author,
        coalesce(
            articles.site_name,
            marts.site_host(coalesce(articles.canonical_url, articles.url)),
            '(unknown)'
        ) as site,
        articles.article_id,
        articles.section,
        articles.published_at,
        articles.word_count
    from article_authors
    join articles on articles.article_id = article_authors.article_id
),

final as (
    select
        author,
        site,
        count(*) as count_articles,
        min(published_at) as first_published_at,
        max(published_at) as last_published_at,
        avg(word_count) as avg_word_count,
        cast(sum(word_count) as bigint) as count_words,
        list_sort(list_distinct(list(section))) as sections
    from bylines
    group by author, site
)

select * from final;

comment on view marts.author_output is 'Authors and their output: one row per author name (as printed in bylines, from core.article_authors) and site, with how many articles they wrote, when, how long and in which sections. An article with two authors counts once for each.';
comment on column marts.author_output.author is 'Author name as printed in the byline (core.article_authors.name).';
comment on column marts.author_output.site is 'site_name, else the host of the canonical URL or URL, else (unknown); as in marts.daily_articles.';
comment on column marts.author_output.count_articles is 'Articles on this site with this author in the byline.';
comment on column marts.author_output.first_published_at is 'Earliest publication time of those articles (UTC); null when none is dated.';
comment on column marts.author_output.last_published_at is 'Latest publication time of those articles (UTC); null when none is dated.';
comment on column marts.author_output.avg_word_count is 'Mean words per article body.';
comment on column marts.author_output.count_words is 'Words in all those article bodies together.';
comment on column marts.author_output.sections is 'Distinct sections of those articles, sorted; articles without a section add nothing.';
