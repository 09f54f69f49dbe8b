// Checks a JSON value against a schema of the apps' OpenAPI documents, the way
// the real apps serialize: no nulls (omitted), no properties the resource does
// not declare, enum strings from the declared enum, the declared JSON types.
type SpecSchema = {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  properties?: Record<string, SpecSchema>;
  additionalProperties?: boolean | SpecSchema;
  items?: SpecSchema;
};
export interface OpenApiDoc {
  components: { schemas: Record<string, SpecSchema> };
}

export function specShapeErrors(doc: OpenApiDoc, schemaOrName: string | SpecSchema, value: unknown, opts: { skip?: string[] } = {}): string[] {
  const errors: string[] = [];
  const skip = new Set(opts.skip ?? []);
  const resolve = (s: SpecSchema): SpecSchema => {
    let cur = s;
    while (cur.$ref) {
      const name = cur.$ref.split('/').pop()!;
      const next = doc.components.schemas[name];
      if (!next) throw new Error(`unknown schema ${name}`);
      cur = next;
    }
    return cur;
  };
  const walk = (raw: SpecSchema, v: unknown, path: string): void => {
    if (skip.has(path.replace(/\[\d+\]/g, '[]'))) return;
    const s = resolve(raw);
    if (v === null) return void errors.push(`${path}: null (the apps omit nulls)`);
    if (s.enum && !s.enum.includes(v)) return void errors.push(`${path}: ${JSON.stringify(v)} is not one of ${JSON.stringify(s.enum)}`);
    switch (s.type) {
      case 'integer':
        if (!Number.isInteger(v)) errors.push(`${path}: expected integer, got ${JSON.stringify(v)}`);
        return;
      case 'number':
        if (typeof v !== 'number') errors.push(`${path}: expected number`);
        return;
      case 'boolean':
        if (typeof v !== 'boolean') errors.push(`${path}: expected boolean`);
        return;
      case 'string':
        if (typeof v !== 'string') errors.push(`${path}: expected string`);
        else if (s.format === 'date-time' && Number.isNaN(Date.parse(v))) errors.push(`${path}: not a date-time`);
        return;
      case 'array':
        if (!Array.isArray(v)) return void errors.push(`${path}: expected array`);
        v.forEach((item, i) => walk(s.items ?? {}, item, `${path}[${i}]`));
        return;
    }
    if (s.properties || s.type === 'object') {
      if (typeof v !== 'object' || Array.isArray(v)) return void errors.push(`${path}: expected object`);
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        const prop = s.properties?.[k];
        if (prop) walk(prop, child, `${path}.${k}`);
        else if (typeof s.additionalProperties === 'object') walk(s.additionalProperties, child, `${path}.${k}`);
        else errors.push(`${path}.${k}: not declared by the spec`);
      }
    }
  };
  walk(typeof schemaOrName === 'string' ? { $ref: `#/components/schemas/${schemaOrName}` } : schemaOrName, value, '$');
  return errors;
}
