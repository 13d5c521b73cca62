-- Say how the html extractor (version 2.6) fills agency: a credited wire service, or the
-- agency of the opening dateline.
comment on column core.articles.agency is 'News agency the story comes from, as the source writes it: for text dumps the "SOURCE:AFP" line; for web pages a wire service among the credited organisations (Reuters, The Associated Press, the dpa of ''det/dpa'') or in the opening dateline (''WASHINGTON (AP) —''). Null for a publication''s own copy.';
