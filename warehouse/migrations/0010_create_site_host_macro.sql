-- One definition of the host that names a site without a site_name: the marts and search all
-- call it, so www.example.com and example.com stay one site everywhere, and a file path or any
-- other non-http address names none.
create macro marts.site_host(url) as
    nullif(regexp_extract(url, '^https?://(?:www\.)?([^/:]+)', 1), '');
comment on macro marts.site_host is 'Host of an http or https URL without a leading www. and without the port, as the marts name a site that has no site_name: marts.site_host(''https://www.example.com:8080/a'') = ''example.com''. Null for any other URL and for null.';
