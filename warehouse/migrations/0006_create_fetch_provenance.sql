-- Issue "fetch the news from the web": every HTTP request on record, per-URL state for
-- incremental runs, and where each article came from.
create table raw.fetches (
    fetch_id varchar primary key,
    load_id varchar not null,
    url varchar not null,
    final_url varchar,
    source_name varchar,
    purpose varchar not null,
    discovered_via varchar,
    attempt integer not null,
    requested_at timestamptz not null,
    elapsed_ms double,
    status integer,
    outcome varchar not null,
    error varchar,
    error_detail varchar,
    content_type varchar,
    etag varchar,
    last_modified varchar,
    retry_after varchar,
    redirects varchar[] not null,
    count_bytes bigint not null,
    doc_id varchar
);

comment on table raw.fetches is 'Every HTTP request copydesk made (one row per attempt, redirects followed within it), and every URL it decided not to request (attempt 0: robots.txt disallowed it, its host is private, or it was already fetched).';
comment on column raw.fetches.fetch_id is 'Key: hex SHA-256 of load_id, url, purpose and attempt.';
comment on column raw.fetches.load_id is 'The load (ops.loads) that made the request.';
comment on column raw.fetches.url is 'The URL requested.';
comment on column raw.fetches.final_url is 'Where redirects ended; equals url when there were none.';
comment on column raw.fetches.source_name is 'Name of the source in sources.toml, or null for URLs given on the command line.';
comment on column raw.fetches.purpose is 'Why it was fetched: page (an article or home page), feed, sitemap, url_list or robots.';
comment on column raw.fetches.discovered_via is 'How the URL was found: seed (given directly), feed:<url>, sitemap:<url>, list:<url or path>, home:<url> or robots:<url>.';
comment on column raw.fetches.attempt is 'Attempt number from 1 (retries of transient errors count up); 0 for URLs not requested.';
comment on column raw.fetches.requested_at is 'When the request started, or when copydesk decided not to make it (attempt 0), UTC.';
comment on column raw.fetches.elapsed_ms is 'Milliseconds from the request to the end of the body (all redirects included).';
comment on column raw.fetches.status is 'HTTP status of the last response, null when none arrived.';
comment on column raw.fetches.outcome is 'fetched, not_modified (304), skipped_robots, skipped_known (already fetched), refused_private, or failed.';
comment on column raw.fetches.error is 'Short reason code when the attempt failed: timeout, connect_error, connection_reset, http_<status>, too_large, too_many_redirects, redirect_loop, unsupported_content_type, ...';
comment on column raw.fetches.error_detail is 'The error in words.';
comment on column raw.fetches.content_type is 'Content-Type response header.';
comment on column raw.fetches.etag is 'ETag response header (sent back as If-None-Match next time).';
comment on column raw.fetches.last_modified is 'Last-Modified response header (sent back as If-Modified-Since next time).';
comment on column raw.fetches.retry_after is 'Retry-After response header, when the server asked to slow down.';
comment on column raw.fetches.redirects is 'URLs redirected through, in order.';
comment on column raw.fetches.count_bytes is 'Body bytes received (after Content-Encoding was removed).';
comment on column raw.fetches.doc_id is 'raw.documents row holding the body, when one was kept.';

create table raw.url_state (
    url varchar primary key,
    source_name varchar,
    purpose varchar not null,
    last_outcome varchar not null,
    last_status integer,
    last_error varchar,
    etag varchar,
    last_modified varchar,
    content_hash varchar,
    count_consecutive_failures integer not null,
    first_seen_at timestamptz not null,
    last_fetched_at timestamptz,
    last_changed_at timestamptz,
    next_fetch_after timestamptz,
    load_id varchar not null
);

comment on table raw.url_state is 'One row per URL copydesk knows: what happened last time and the validators for a conditional request, so a later run fetches only what is new or changed.';
comment on column raw.url_state.url is 'The URL as requested (normalised).';
comment on column raw.url_state.source_name is 'Source (sources.toml) that last led to it.';
comment on column raw.url_state.purpose is 'page, feed, sitemap or url_list.';
comment on column raw.url_state.last_outcome is 'Outcome of the last fetch decision (see raw.fetches.outcome).';
comment on column raw.url_state.last_status is 'HTTP status of the last response.';
comment on column raw.url_state.last_error is 'Reason code of the last failure, null after a success.';
comment on column raw.url_state.etag is 'Last ETag seen, sent as If-None-Match.';
comment on column raw.url_state.last_modified is 'Last Last-Modified seen, sent as If-Modified-Since.';
comment on column raw.url_state.content_hash is 'SHA-256 of the last body fetched (raw.documents.doc_id); an equal hash means unchanged.';
comment on column raw.url_state.count_consecutive_failures is 'Failures since the last success; retries back off with it.';
comment on column raw.url_state.first_seen_at is 'When the URL was first discovered (UTC).';
comment on column raw.url_state.last_fetched_at is 'When a body was last received (UTC).';
comment on column raw.url_state.last_changed_at is 'When the body last changed (UTC).';
comment on column raw.url_state.next_fetch_after is 'Do not request before this time (UTC): backoff after failures.';
comment on column raw.url_state.load_id is 'The load that last updated this row.';

alter table core.articles add column final_url varchar;
alter table core.articles add column discovered_via varchar;
alter table core.articles add column fetched_at timestamptz;

comment on column core.articles.final_url is 'Where redirects ended when the page was fetched; null for files.';
comment on column core.articles.discovered_via is 'How the page was found: seed, feed:<url>, sitemap:<url>, list:<url or path> or home:<url>; null for files.';
comment on column core.articles.fetched_at is 'When the page was fetched or the file read (UTC).';

alter table ops.loads add column count_not_modified integer default 0;
alter table ops.loads alter column count_not_modified set not null;
alter table ops.loads add column count_skipped integer default 0;
alter table ops.loads alter column count_skipped set not null;

comment on column ops.loads.count_not_modified is 'URLs the server answered 304 Not Modified: nothing to re-parse.';
comment on column ops.loads.count_skipped is 'URLs not requested: disallowed by robots.txt, private hosts, or already fetched.';

comment on table ops.loads is 'One row per load (one flow run). Every input of the load is counted in exactly one of count_read_rejected, count_parse_rejected, count_validate_rejected, count_load_rejected, count_articles_new, count_articles_updated, count_articles_unchanged, count_duplicates, count_not_modified or count_skipped; they add up to count_inputs.';
comment on column ops.inputs.outcome is 'new, updated or unchanged (its article is in core.articles), duplicate (another input of the same load gave the same article), not_modified (HTTP 304), skipped (see reason: robots, known, private), or rejected (see ops.rejects).';
