-- Reject rate per day and stage, with the reasons behind it.
select
    day,
    stage,
    max(count_inputs) as count_inputs,
    max(count_stage_rejected) as count_rejected,
    round(100 * max(stage_reject_rate), 1) as pct_rejected,
    string_agg(reason || ' (' || count_rejected_inputs || ')', ', ' order by reason) as reasons
from marts.daily_rejects
group by day, stage
order by day desc, stage;
