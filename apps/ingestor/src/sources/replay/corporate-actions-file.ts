import {
  readAlpacaCorporateActions,
  validateCorporateAction,
  type Issue,
} from '@marketfeed/schema';
import {
  corporateActionRecord,
  dlqRecord,
  type OutboundRecord,
} from '../../pipeline/outbound-record.js';

function entryAt(json: unknown, path: string): unknown {
  let v: unknown = json;
  for (const part of path.split('.').slice(0, 3)) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/**
 * CORPORATE_ACTIONS_FILE -> records: the Alpaca REST `corporate_actions` response (what
 * `GET /v1/corporate-actions` returns), or a JSON array of actions in this project's flat shape.
 * Valid actions become corporate-actions records; each invalid entry becomes a DLQ record.
 */
export function corporateActionRecordsFromFile(
  text: string,
  origin: string,
  nowMs: number,
): OutboundRecord[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`CORPORATE_ACTIONS_FILE is not JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const out: OutboundRecord[] = [];
  if (Array.isArray(json)) {
    json.forEach((entry, i) => {
      const r = validateCorporateAction(entry);
      out.push(
        r.ok
          ? corporateActionRecord(r.value, nowMs)
          : dlqRecord({
              reason: 'invalid corporate action',
              issues: r.issues,
              payload: entry,
              origin: `${origin}#${i}`,
              nowMs,
            }),
      );
    });
    return out;
  }
  const { actions, issues } = readAlpacaCorporateActions(json);
  for (const a of actions) out.push(corporateActionRecord(a, nowMs));
  const byEntry = new Map<string, Issue[]>();
  for (const issue of issues) {
    const entry = issue.path.split('.').slice(0, 3).join('.');
    byEntry.set(entry, [...(byEntry.get(entry) ?? []), issue]);
  }
  for (const [entry, entryIssues] of byEntry) {
    out.push(
      dlqRecord({
        reason: 'invalid corporate action',
        issues: entryIssues,
        payload: entryAt(json, entry) ?? null,
        origin: `${origin}:${entry}`,
        nowMs,
      }),
    );
  }
  return out;
}
