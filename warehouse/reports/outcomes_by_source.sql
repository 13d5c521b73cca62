-- Inputs of one load by source, host, outcome and reason (the run report's main table).
with inputs as (
    select
        source_uri,
        outcome,
        stage,
        reason
    from ops.inputs
    where load_id = $load_id
),

states as (
    select
        url,
        source_name
    from raw.url_state
),

labelled as (
    select
        coalesce(states.source_name, '(command line)') as source_name,
        coalesce(
            nullif(regexp_extract(inputs.source_uri, '^https?://([^/:]+)', 1), ''), '(files)'
        ) as host,
        inputs.outcome,
        case
            when inputs.outcome = 'rejected' then inputs.stage || '/' || inputs.reason
            else coalesce(inputs.reason, '')
        end as outcome_reason
    from inputs
    left join states on states.url = inputs.source_uri
),

final as (
    select
        source_name,
        host,
        outcome,
        outcome_reason as reason,
        count(*) as count
    from labelled
    group by source_name, host, outcome, outcome_reason
)

select * from final
order by source_name, host, outcome, reason;
