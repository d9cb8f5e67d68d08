import { z } from 'zod';
import {
  corporateActionSchema,
  dlqEnvelopeSchema,
  enrichedBarSchema,
  rawEventSchema,
} from './zod-schemas.js';

/** The published JSON Schema documents (draft 2020-12), by file name under docs/schema/. */
export function jsonSchemas(): Record<string, Record<string, unknown>> {
  const doc = (s: z.ZodType) =>
    z.toJSONSchema(s, { target: 'draft-2020-12', unrepresentable: 'throw' }) as Record<
      string,
      unknown
    >;
  return {
    'enriched-bar.v1.schema.json': doc(enrichedBarSchema),
    'raw-event.v1.schema.json': doc(rawEventSchema),
    'corporate-action.v1.schema.json': doc(corporateActionSchema),
    'dlq-envelope.v1.schema.json': doc(dlqEnvelopeSchema),
  };
}
