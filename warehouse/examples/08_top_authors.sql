-- Who writes the most, where, how long, and in which sections.
select
    author,
    site,
    count_articles,
    cast(last_published_at as date) as last_published_on,
    round(avg_word_count) as avg_words,
    array_to_string(sections, ', ') as sections
from marts.author_output
order by count_articles desc, count_words desc, author
limit 10;
