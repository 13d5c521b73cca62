-- Say how the html extractor (version 2.6) passes over declared sections that name no section:
-- the article's own headline, and breadcrumb roots such as 'Startseite' or 'Home'.
comment on column core.articles.section is 'Section or desk the publisher files the article under, as written (e.g. WORLD, Politics); the first when the page lists several (''Brooklyn,Government'' gives Brooklyn). A declared value that is a sentence, the article''s own headline or a breadcrumb root (''Startseite'', ''Home'') is passed over for the next one; null when none is left.';
