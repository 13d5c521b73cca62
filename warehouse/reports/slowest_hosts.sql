-- Request timings per host for one load, slowest on average first.
with fetches as (
    select
        regexp_extract(url, '^https?://([^/:]+)', 1) as host,
        elapsed_ms,
        outcome
    from raw.fetches
    where load_id = $load_id and attempt > 0
),

final as (
    select
        host,
        count(*) as count_requests,
        round(avg(elapsed_ms), 1) as avg_ms,
        round(max(elapsed_ms), 1) as max_ms,
        count(*) filter (where outcome = 'failed') as count_failed
    from fetches
    group by host
)

select * from final
order by avg_ms desc, host
limit $limit;
