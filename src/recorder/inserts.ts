// Prepared INSERT/UPDATE statements for the writer, and the mapping of records to their columns.
import type { AttemptRecord, EndpointLogRecord, ObjectRecord, ProbeRecord } from '../probes/probe-record.js';
import type { Db } from './database.js';

/** What the raw and presigned engines add to an attempt (src/engines RawAttemptFacts); absent on SDK attempts. No secret. */
interface HttpEngineFacts {
  signedAtMs: number;
  credentialKind: 'static' | 'temporary';
  accessKeyIdSuffix: string;
  credentialExpiresAtMs: number | null;
  resolvedAddress: string | null;
  tlsProtocol: string | null;
}

export interface Inserts {
  /** Inserts the probe and its attempts; returns the number of attempts rows. */
  insertProbe(record: ProbeRecord): number;
  /** Inserts the object, or replaces the row already recorded for (run_id, key). */
  insertObject(record: ObjectRecord): void;
  markDeleted(runId: string, key: string): void;
  insertEndpointLog(record: EndpointLogRecord): void;
}

export function prepareInserts(db: Db): Inserts {
  const probe = db.prepare(
    `INSERT INTO probes (run_id, object_key, method, phase, offset_ms, planned_at_ms, started_at_ms, latency_ms,
       status, error_code, error_body, error_class, request_id, extended_request_id, attempts, bytes, seq, trigger, follows_seq, arm, key_listed)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const attempt = db.prepare(
    `INSERT INTO attempts (probe_id, run_id, attempt, started_at_ms, ended_at_ms, status, error_code, error_body,
       error_class, request_id, extended_request_id, response_date, remote_address, remote_port, local_port,
       socket_reused, content_range, etag, socket_requests, amz_date, signed_at_ms, credential_kind, access_key_id_suffix,
       resolved_address, tls_protocol, credential_expires_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const object = db.prepare(
    `INSERT INTO objects (run_id, key, size_bytes, upload_started_at_ms, upload_ended_at_ms, status, error_code, etag, deleted)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (run_id, key) DO UPDATE SET
       size_bytes = excluded.size_bytes, upload_started_at_ms = excluded.upload_started_at_ms,
       upload_ended_at_ms = excluded.upload_ended_at_ms, status = excluded.status,
       error_code = excluded.error_code, etag = excluded.etag, deleted = excluded.deleted`,
  );
  const deleted = db.prepare('UPDATE objects SET deleted = 1 WHERE run_id = ? AND key = ?');
  const endpointLog = db.prepare(
    `INSERT INTO endpoint_log (run_id, at_ms, http_method, operation, bucket, object_key, request_id, status, error_code,
       decided_by, key_existed, ms_since_put)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  function insertAttempt(probeId: number | bigint, runId: string, a: AttemptRecord & Partial<HttpEngineFacts>): void {
    attempt.run(
      probeId, runId, a.attempt, a.startedAtMs, a.endedAtMs, a.status, a.errorCode, a.errorBody,
      a.errorClass, a.requestId, a.extendedRequestId, a.responseDate, a.remoteAddress, a.remotePort,
      a.localPort, toFlag(a.socketReused), a.contentRange, a.etag, a.socketRequests ?? null, a.amzDate ?? null,
      a.signedAtMs ?? null, a.credentialKind ?? null, a.accessKeyIdSuffix ?? null, a.resolvedAddress ?? null, a.tlsProtocol ?? null,
      a.credentialExpiresAtMs ?? null,
    );
  }

  return {
    insertProbe(r) {
      const { lastInsertRowid } = probe.run(
        r.runId, r.objectKey, r.method, r.phase, r.offsetMs, r.plannedAtMs, r.startedAtMs, r.latencyMs,
        r.status, r.errorCode, r.errorBody, r.errorClass, r.requestId, r.extendedRequestId, r.attempts, r.bytes,
        r.seq, r.trigger, r.followsSeq, r.arm ?? 'default', toFlag(r.keyListed ?? null),
      );
      for (const a of r.attemptRecords) insertAttempt(lastInsertRowid, r.runId, a);
      return r.attemptRecords.length;
    },
    insertObject(r) {
      object.run(
        r.runId, r.key, r.sizeBytes, r.uploadStartedAtMs, r.uploadEndedAtMs, r.status, r.errorCode, r.etag,
        toFlag(r.deleted),
      );
    },
    markDeleted(runId, key) {
      deleted.run(runId, key);
    },
    insertEndpointLog(r) {
      endpointLog.run(
        r.runId, r.atMs, r.httpMethod, r.operation, r.bucket, r.objectKey, r.requestId, r.status, r.errorCode, r.decidedBy,
        toFlag(r.keyExisted ?? null), r.msSincePut ?? null,
      );
    },
  };
}

function toFlag(value: boolean | null): 0 | 1 | null {
  return value === null ? null : value ? 1 : 0;
}
