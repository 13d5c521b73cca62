-- Share of the articles one load wrote that have each field.
with articles as (
    select
        published_at,
        authors,
        body_text,
        language,
        site_name
    from core.articles
    where load_id = $load_id
),

final as (
    select
        count(*) as count_articles,
        coalesce(avg(case when published_at is not null then 1 else 0 end), 0) as share_published_at,
        coalesce(avg(case when len(authors) > 0 then 1 else 0 end), 0) as share_authors,
        coalesce(avg(case when body_text is not null then 1 else 0 end), 0) as share_body,
        coalesce(avg(case when language is not null then 1 else 0 end), 0) as share_language,
        coalesce(avg(case when site_name is not null then 1 else 0 end), 0) as share_site_name
    from articles
)

select * from final;
