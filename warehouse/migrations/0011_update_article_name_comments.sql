-- Say how the html extractor (version 2.2) fills site_name and section: the part of a declared site name
-- that names the host, and the first of several sections.
comment on column core.articles.site_name is 'Publication name as the page gives it (og:site_name, JSON-LD publisher, application-name). Of a declared name with a slogan or the page''s title around it (''LinkNaija | Nigeria''''s popular news platform''), the part naming the host; a headline declared as the site name is passed over.';
comment on column core.articles.section is 'Section or desk the publisher files the article under, as written (e.g. WORLD, Politics); the first when the page lists several (''Brooklyn,Government'' gives Brooklyn). Null when the declared value is a sentence rather than a section.';
