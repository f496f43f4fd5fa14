/**
 * Deterministic JSON: object keys sorted, bigint as decimal strings, Dates as ISO strings, undefined dropped.
 * Used wherever bytes are hashed (audit chain, idempotency request fingerprints).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalize(value));
}

function normalize(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(normalize);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalize(v);
    }
    return out;
  }
  return value;
}

/** Makes a value safe for a jsonb column: bigint → string, Date → ISO string, undefined dropped. */
export function toJsonValue<T>(value: T): unknown {
  return normalize(value);
}
