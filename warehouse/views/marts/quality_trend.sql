-- Grain: one row per load (ops.loads), oldest first when ordered by started_at.
-- The stage counts come from ops.loads and are exact. The failing expectations come from the
-- rows this load was the last to write or reject: reject-level names from
-- ops.rejects.failed_expectations and warn-level names from core.articles.quality_flags. A later
-- load that rejects or rewrites the same rows takes them over, so for older loads this is what
-- is still on record, not a full history.
create or replace view marts.quality_trend as
with loads as (
    select
        load_id,
        flow_name,
        status,
        started_at,
        finished_at,
        count_inputs,
        count_read_rejected,
        count_parse_rejected,
        count_validate_rejected,
        count_load_rejected,
        count_articles_new,
        count_articles_updated,
        count_articles_unchanged,
        count_flagged,
        count_row_rejects
    from ops.loads
),

load_totals as (
    select
        load_id,
        flow_name,
        status,
        started_at,
        finished_at,
        count_inputs,
        count_articles_new + count_articles_updated + count_articles_unchanged as count_loaded,
        count_read_rejected,
        count_parse_rejected,
        count_validate_rejected,
        count_load_rejected,
        count_read_rejected + count_parse_rejected + count_validate_rejected
            + count_load_rejected as count_rejected,
        count_flagged,
        count_row_rejects
    from loads
),

rejects as (
    select
        load_id,
        failed_expectations
    from ops.rejects
),

articles as (
    select
        load_id,
        quality_flags
    from core.articles
),

failures as (
    select
        load_id,
        unnest(failed_expectations) as expectation
    from rejects
    union all
    select
        load_id,
        unnest(quality_flags) as expectation
    from articles
),

expectation_counts as (
    select
        load_id,
        expectation,
        count(*) as count_failures
    from failures
    group by load_id, expectation
),

top_expectations as (
    select
        load_id,
        expectation,
        count_failures
    from expectation_counts
    qualify row_number() over (
        partition by load_id order by count_failures desc, expectation
    ) = 1
),

final as (
    select
        load_totals.load_id,
        load_totals.flow_name,
        load_totals.status,
        load_totals.started_at,
        date_diff('millisecond', load_totals.started_at, load_totals.finished_at) / 1000.0
            as duration_s,
        load_totals.count_inputs,
        load_totals.count_loaded,
        load_totals.count_read_rejected,
        load_totals.count_parse_rejected,
        load_totals.count_validate_rejected,
        load_totals.count_load_rejected,
        load_totals.count_rejected,
        load_totals.count_flagged,
        load_totals.count_row_rejects,
        load_totals.count_rejected / nullif(load_totals.count_inputs, 0) as share_rejected,
        top_expectations.expectation as top_failing_expectation,
        coalesce(top_expectations.count_failures, 0) as count_top_failing_expectation
    from load_totals
    left join top_expectations on top_expectations.load_id = load_totals.load_id
)

select * from final;

comment on view marts.quality_trend is 'Data-quality trend: one row per load with its inputs, how many ended in the warehouse, rejects per stage, flagged articles, the share rejected, and the expectation that failed most often among the rows the load last wrote or rejected. Order by started_at to read it as a trend.';
comment on column marts.quality_trend.load_id is 'The load (ops.loads.load_id).';
comment on column marts.quality_trend.flow_name is 'Prefect flow that ran the load, e.g. ingest-files.';
comment on column marts.quality_trend.status is 'Status of the load (see ops.loads.status).';
comment on column marts.quality_trend.started_at is 'When the load started (UTC).';
comment on column marts.quality_trend.duration_s is 'Seconds from start to finish; null while running or when interrupted.';
comment on column marts.quality_trend.count_inputs is 'Inputs the load discovered.';
comment on column marts.quality_trend.count_loaded is 'Inputs that ended as an article in core.articles: new, updated or unchanged (duplicates, 304s and skips not included).';
comment on column marts.quality_trend.count_read_rejected is 'Inputs rejected at the read stage.';
comment on column marts.quality_trend.count_parse_rejected is 'Inputs rejected at the parse stage.';
comment on column marts.quality_trend.count_validate_rejected is 'Inputs rejected at the validate stage (a reject-level expectation failed).';
comment on column marts.quality_trend.count_load_rejected is 'Inputs the database refused.';
comment on column marts.quality_trend.count_rejected is 'Inputs rejected at any stage: the sum of the four stage counts.';
comment on column marts.quality_trend.count_flagged is 'Loaded articles that failed at least one warn-level expectation.';
comment on column marts.quality_trend.count_row_rejects is 'Paragraph, link or author rows rejected while their article loaded.';
comment on column marts.quality_trend.share_rejected is 'count_rejected / count_inputs; null for a load without inputs.';
comment on column marts.quality_trend.top_failing_expectation is 'Expectation named most often among the rows this load last rejected (ops.rejects.failed_expectations) or last wrote with a flag (core.articles.quality_flags); ties go to the first name alphabetically. Null when none failed.';
comment on column marts.quality_trend.count_top_failing_expectation is 'How many of those rows name top_failing_expectation; 0 when none failed.';
