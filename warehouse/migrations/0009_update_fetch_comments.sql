-- Say precisely what raw.fetches holds: pages already fetched and not announced as changed are
-- not requested and not recorded here; ops.inputs records them as skipped.
comment on table raw.fetches is 'Every HTTP request copydesk made (one row per attempt, redirects followed within it), robots.txt requests included, and the URLs it refused to request (attempt 0: disallowed by robots.txt, or a private address). Known pages that were not requested again are in ops.inputs (outcome skipped).';
comment on column raw.fetches.attempt is 'Attempt number from 1 (retries of transient errors count up); 0 for a URL refused without a request.';
comment on column raw.fetches.outcome is 'fetched, not_modified (304), skipped_robots, refused_private, or failed.';
