-- Issue "extraction quality": the page judgement, extraction confidence, credited
-- organisations and the time zone offsets the page gave.
alter table core.articles add column organizations varchar[] default [];
alter table core.articles alter column organizations set not null;
alter table core.articles add column is_article boolean default true;
alter table core.articles alter column is_article set not null;
alter table core.articles add column article_score double;
alter table core.articles add column extraction_score double;
alter table core.articles add column published_utc_offset_min integer;
alter table core.articles add column updated_utc_offset_min integer;

comment on column core.articles.organizations is 'Organisations credited as authors (news agencies, publishers, "Staff"), kept apart from the people in authors.';
comment on column core.articles.is_article is 'copydesk''s judgement that the page is a news article (not an index, tag, search, shop or profile page). Non-articles are rejected as not_an_article unless their source keeps them.';
comment on column core.articles.article_score is 'Confidence in [0, 1] behind is_article (0.5 and above: an article).';
comment on column core.articles.extraction_score is 'Confidence in [0, 1] that body_text is the complete main text: length, prose structure, and agreement between the body and the page''s own description. Filter out rows below 0.5 for careful analyses.';
comment on column core.articles.published_utc_offset_min is 'UTC offset in minutes the page gave with its publication time (e.g. 120 for +02:00); null when it gave none. Local time = published_at + this offset.';
comment on column core.articles.updated_utc_offset_min is 'UTC offset in minutes the page gave with its update time; null when it gave none.';
