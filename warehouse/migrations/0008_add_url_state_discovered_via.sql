-- Remember how each URL was found, so that when a sitemap index or home page answers 304 the
-- feeds and sitemaps it pointed to are still polled: they change while their parent does not.
alter table raw.url_state add column discovered_via varchar;

comment on column raw.url_state.discovered_via is 'How the URL was last found: seed, feed:<url>, sitemap:<url>, list:<url or path>, home:<url> or robots:<url>. A parent that answers 304 has its feeds and sitemaps polled again through this.';
