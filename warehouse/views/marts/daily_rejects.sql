-- Grain: one row per UTC day, stage and reason of the rejections in ops.rejects.
-- A rejection belongs to the day its load started: ops.rejects keeps one row per rejection and
-- moves it to the last load that produced it, so an input rejected again tomorrow counts
-- tomorrow, not today. The stage totals (count_stage_rejected) come from ops.loads, which counts
-- every load's rejects, repeats included, so they are exact for every day.
--   reject_rate       = count_rejected_inputs / count_inputs
--   stage_reject_rate = count_stage_rejected / count_inputs
-- where count_inputs is the sum of ops.loads.count_inputs over the loads started that day.
create or replace view marts.daily_rejects as
with rejects as (
    select
        load_id,
        stage,
        reason,
        row_key,
        last_rejected_at
    from ops.rejects
),

loads as (
    select
        load_id,
        started_at,
        count_inputs,
        count_read_rejected,
        count_parse_rejected,
        count_validate_rejected,
        count_load_rejected
    from ops.loads
),

load_days as (
    select
        cast(timezone('UTC', started_at) as date) as day,
        cast(sum(count_inputs) as bigint) as count_inputs,
        cast(sum(count_read_rejected) as bigint) as count_read_rejected,
        cast(sum(count_parse_rejected) as bigint) as count_parse_rejected,
        cast(sum(count_validate_rejected) as bigint) as count_validate_rejected,
        cast(sum(count_load_rejected) as bigint) as count_load_rejected
    from loads
    group by day
),

dated_rejects as (
    select
        cast(timezone('UTC', coalesce(loads.started_at, rejects.last_rejected_at)) as date) as day,
        rejects.stage,
        rejects.reason,
        rejects.row_key
    from rejects
    left join loads on loads.load_id = rejects.load_id
),

reject_days as (
    select
        day,
        stage,
        reason,
        count(*) as count_rejects,
        count(*) filter (where row_key is null) as count_rejected_inputs
    from dated_rejects
    group by day, stage, reason
),

staged as (
    select
        reject_days.day,
        reject_days.stage,
        reject_days.reason,
        reject_days.count_rejects,
        reject_days.count_rejected_inputs,
        load_days.count_inputs,
        case reject_days.stage
            when 'read' then load_days.count_read_rejected
            when 'parse' then load_days.count_parse_rejected
            when 'validate' then load_days.count_validate_rejected
            when 'load' then load_days.count_load_rejected
        end as count_stage_rejected
    from reject_days
    left join load_days on load_days.day = reject_days.day
),

final as (
    select
        day,
        stage,
        reason,
        count_rejects,
        count_rejected_inputs,
        count_inputs,
        count_rejected_inputs / nullif(count_inputs, 0) as reject_rate,
        count_stage_rejected,
        count_stage_rejected / nullif(count_inputs, 0) as stage_reject_rate
    from staged
)

select * from final;

comment on view marts.daily_rejects is 'Rejects per day (UTC), stage and reason, with the day''s reject rate. A rejection counts on the day its load started; one seen again in a later load counts only on that later day (ops.rejects keeps its last occurrence). reject_rate = count_rejected_inputs / count_inputs; stage_reject_rate = count_stage_rejected / count_inputs, exact from ops.loads.';
comment on column marts.daily_rejects.day is 'UTC day on which the load that last produced these rejections started.';
comment on column marts.daily_rejects.stage is 'read, parse, validate or load (ops.rejects.stage).';
comment on column marts.daily_rejects.reason is 'Reject reason code (ops.rejects.reason).';
comment on column marts.daily_rejects.count_rejects is 'Rows of ops.rejects for this day, stage and reason: whole inputs and child rows (paragraphs, links, authors) together.';
comment on column marts.daily_rejects.count_rejected_inputs is 'Of count_rejects, the whole inputs (rows without a row_key); child rows are left out.';
comment on column marts.daily_rejects.count_inputs is 'Inputs of all loads started that day (sum of ops.loads.count_inputs); the same on every row of the day. Null when the loads are not on record.';
comment on column marts.daily_rejects.reject_rate is 'count_rejected_inputs / count_inputs: share of the day''s inputs rejected at this stage for this reason (each rejection counted on the last day it happened).';
comment on column marts.daily_rejects.count_stage_rejected is 'Inputs rejected at this stage, all reasons, by the loads started that day (ops.loads.count_<stage>_rejected; repeats counted every time).';
comment on column marts.daily_rejects.stage_reject_rate is 'count_stage_rejected / count_inputs: share of the day''s inputs rejected at this stage, all reasons.';
