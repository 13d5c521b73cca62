-- Data quality load by load: share rejected and the expectation that failed most.
select
    started_at,
    count_inputs,
    count_loaded,
    count_rejected,
    round(100 * share_rejected, 1) as pct_rejected,
    count_flagged,
    coalesce(top_failing_expectation, '-') as top_failing_expectation
from marts.quality_trend
order by started_at desc
limit 10;
