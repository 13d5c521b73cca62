-- What was rejected, at which stage and why, with an example input.
select
    stage,
    reason,
    count(*) as count_rejects,
    min(regexp_extract(source_uri, '[^/]+$')) as example_input
from ops.rejects
group by stage, reason
order by count_rejects desc;
