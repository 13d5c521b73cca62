create table ops.loads (
    load_id varchar primary key,
    flow_name varchar not null,
    flow_run_id varchar,
    started_at timestamptz not null,
    finished_at timestamptz,
    status varchar not null,
    sources varchar[] not null,
    count_inputs integer not null,
    count_read_rejected integer not null,
    count_parse_rejected integer not null,
    count_validate_rejected integer not null,
    count_load_rejected integer not null,
    count_articles_new integer not null,
    count_articles_updated integer not null,
    count_articles_unchanged integer not null,
    count_duplicates integer not null,
    count_flagged integer not null,
    count_row_rejects integer not null,
    error varchar,
    copydesk_version varchar not null
);

comment on table ops.loads is 'One row per load (one flow run). Every input of the load is counted in exactly one of count_read_rejected, count_parse_rejected, count_validate_rejected, count_load_rejected, count_articles_new, count_articles_updated, count_articles_unchanged or count_duplicates; they add up to count_inputs.';
comment on column ops.loads.load_id is 'Key of the load; every warehouse row carries the load_id of the load that last wrote it.';
comment on column ops.loads.flow_name is 'Prefect flow that ran the load, e.g. ingest-files.';
comment on column ops.loads.flow_run_id is 'Prefect flow run id: open it in the Prefect UI to see logs and artifacts.';
comment on column ops.loads.started_at is 'When the load started (UTC).';
comment on column ops.loads.finished_at is 'When the load finished (UTC); null while running or when it was interrupted.';
comment on column ops.loads.status is 'running, completed (every input loaded or unchanged), completed_with_rejects, failed (the run itself broke), or interrupted (the process died; found by the next load).';
comment on column ops.loads.sources is 'Paths or URLs the load was asked to read.';
comment on column ops.loads.count_inputs is 'Inputs discovered (files or URLs).';
comment on column ops.loads.count_read_rejected is 'Inputs that could not be read (missing, unreadable, truncated gzip, too large).';
comment on column ops.loads.count_parse_rejected is 'Inputs read but not parseable as an article (empty, binary, no text).';
comment on column ops.loads.count_validate_rejected is 'Articles that failed a reject-level expectation.';
comment on column ops.loads.count_load_rejected is 'Articles the database refused.';
comment on column ops.loads.count_articles_new is 'Articles inserted for the first time.';
comment on column ops.loads.count_articles_updated is 'Existing articles whose row changed (new content or extractor version).';
comment on column ops.loads.count_articles_unchanged is 'Inputs whose article was already loaded from the same bytes by the same extractor version.';
comment on column ops.loads.count_duplicates is 'Inputs that are another version of an article already present in the same load; the newest version is loaded.';
comment on column ops.loads.count_flagged is 'Loaded articles that failed at least one warn-level expectation (see core.articles.quality_flags).';
comment on column ops.loads.count_row_rejects is 'Paragraph, link or author rows rejected while their article loaded.';
comment on column ops.loads.error is 'Why the load failed, when it did.';
comment on column ops.loads.copydesk_version is 'copydesk version that ran the load.';

create table ops.rejects (
    reject_id varchar primary key,
    load_id varchar not null,
    doc_id varchar,
    source_uri varchar not null,
    stage varchar not null,
    table_name varchar,
    row_key varchar,
    reason varchar not null,
    failed_expectations varchar[] not null,
    record json,
    first_rejected_at timestamptz not null,
    last_rejected_at timestamptz not null
);

comment on table ops.rejects is 'Quarantine: every input or row that was not loaded, with the reason. The same rejection seen again in a later load updates its row (last_rejected_at, load_id) instead of adding one.';
comment on column ops.rejects.reject_id is 'Hex SHA-256 of source_uri, doc_id, stage, table_name and row_key.';
comment on column ops.rejects.load_id is 'The load that last rejected it (see ops.loads).';
comment on column ops.rejects.doc_id is 'raw.documents row of the rejected input; null when nothing could be read.';
comment on column ops.rejects.source_uri is 'Where the input came from: file:// path or http(s) URL.';
comment on column ops.rejects.stage is 'read, parse, validate or load: how far the input got.';
comment on column ops.rejects.table_name is 'For validate/load rejects: the table the row was meant for (core.articles, core.paragraphs, ...).';
comment on column ops.rejects.row_key is 'For rows of child tables: article_id and position of the rejected row.';
comment on column ops.rejects.reason is 'Short reason code: not_found, unreadable, too_large, truncated_gzip, empty, binary, no_text, parse_error, failed_expectations, load_error.';
comment on column ops.rejects.failed_expectations is 'Names of the reject-level expectations the row failed (validate stage); empty otherwise.';
comment on column ops.rejects.record is 'The offending values: for validate rejects the failing columns and their values, otherwise details of the error.';
comment on column ops.rejects.first_rejected_at is 'When this rejection was first recorded (UTC).';
comment on column ops.rejects.last_rejected_at is 'When a load last produced this rejection (UTC).';

create table ops.inputs (
    source_uri varchar primary key,
    doc_id varchar,
    outcome varchar not null,
    article_id varchar,
    stage varchar,
    reason varchar,
    first_seen_at timestamptz not null,
    last_seen_at timestamptz not null,
    load_id varchar not null
);

comment on table ops.inputs is 'One row per input source (file path or URL) with what became of it in the latest load that saw it: every input is accounted for here.';
comment on column ops.inputs.source_uri is 'The input: file:// path or http(s) URL.';
comment on column ops.inputs.doc_id is 'Content hash of what was read last time (raw.documents), null when nothing could be read.';
comment on column ops.inputs.outcome is 'new, updated or unchanged (its article is in core.articles), duplicate (another input of the same load gave the same article), or rejected (see ops.rejects).';
comment on column ops.inputs.article_id is 'The article this input gave or duplicated; null when rejected.';
comment on column ops.inputs.stage is 'For rejected inputs: the stage that rejected it (read, parse, validate or load).';
comment on column ops.inputs.reason is 'Reject reason code, or which input won for a duplicate.';
comment on column ops.inputs.first_seen_at is 'When a load first saw this input (UTC).';
comment on column ops.inputs.last_seen_at is 'When a load last saw this input (UTC).';
comment on column ops.inputs.load_id is 'The load that last saw this input (see ops.loads).';
