create table raw.documents (
    doc_id varchar primary key,
    source_uri varchar not null,
    media_type varchar,
    encoding varchar,
    size_bytes bigint not null,
    content blob not null,
    first_seen_at timestamptz not null,
    last_seen_at timestamptz not null,
    load_id varchar not null
);

comment on table raw.documents is 'One row per distinct input content (keyed by its SHA-256), kept byte for byte so any article can be re-extracted later without reading or fetching it again. Rejected inputs are kept too.';
comment on column raw.documents.doc_id is 'Hex SHA-256 of the content bytes (after gzip was removed); the same bytes found twice are one row.';
comment on column raw.documents.source_uri is 'Where these bytes were first found: file:// path or http(s) URL.';
comment on column raw.documents.media_type is 'Media type copydesk parsed the content as: text/html, text/plain, or application/octet-stream when it is not text.';
comment on column raw.documents.encoding is 'Character encoding the content was decoded with (Python codec name), null when it was never decoded.';
comment on column raw.documents.size_bytes is 'Length of content in bytes.';
comment on column raw.documents.content is 'The raw bytes of the input (decompressed when the input was gzip).';
comment on column raw.documents.first_seen_at is 'When a load first stored these bytes (UTC).';
comment on column raw.documents.last_seen_at is 'When a load last read these bytes from any source (UTC).';
comment on column raw.documents.load_id is 'The load that last wrote this row (see ops.loads).';
