-- The warehouse as a whole after a load: what an analyst can now query.
with articles as (
    select
        article_id,
        coalesce(site_name, regexp_extract(coalesce(canonical_url, url), '^https?://([^/:]+)', 1))
            as site,
        published_at
    from core.articles
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
