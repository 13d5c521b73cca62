-- The warehouse as a whole after a load: what an analyst can now query.
-- Sites are named as the marts name them (site_name, else the host without "www.").
with articles as (
    select
        article_id,
        site,
        published_at
    from marts.article_overview
),

final as (
    select
        (select count(*) from articles) as count_articles,
        (select count(distinct site) from articles) as count_sites,
        (select count(*) from raw.documents) as count_documents,
        (select count(*) from ops.rejects) as count_rejects,
        (select count(*) from ops.loads) as count_loads,
        (select max(published_at) from articles) as latest_published_at
)

select * from final;
