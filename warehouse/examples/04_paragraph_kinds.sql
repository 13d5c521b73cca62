-- Structure of the loaded bodies: blocks by kind.
select
    kind,
    count(*) as count_blocks,
    round(avg(length(text))) as avg_chars
from core.paragraphs
group by kind
order by count_blocks desc;
