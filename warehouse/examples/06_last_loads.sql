-- The last loads and how their inputs ended.
select
    load_id,
    status,
    count_inputs,
    count_articles_new,
    count_articles_updated,
    count_articles_unchanged,
    count_read_rejected + count_parse_rejected + count_validate_rejected
        + count_load_rejected as count_rejected
from ops.loads
order by started_at desc
limit 5;
