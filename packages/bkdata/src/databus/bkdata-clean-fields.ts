import type { BkdataCleanField, BkdataStorageField } from './bkdata-clean-field-schemas.js';

/** A BKData field type of a clean or storage field. */
export type BkdataFieldType = 'int' | 'long' | 'string' | 'text' | 'double';

/** How Elasticsearch types become BKData field types (bklog's `BKDATA_ES_TYPE_MAP`); others are `string`. */
export const BKDATA_ES_TYPE_MAP: Readonly<Record<string, BkdataFieldType>> = Object.freeze({
  integer: 'int',
  long: 'long',
  keyword: 'string',
  text: 'text',
  double: 'double',
  object: 'text',
  nested: 'text',
});

/** The BKData field type of an Elasticsearch type (`string` for any type not in {@link BKDATA_ES_TYPE_MAP}). */
export function bkdataFieldType(esType: string | undefined): BkdataFieldType {
  return (esType !== undefined && Object.hasOwn(BKDATA_ES_TYPE_MAP, esType) ? BKDATA_ES_TYPE_MAP[esType] : undefined) ?? 'string';
}

/**
 * One field of an Elasticsearch type mapping, as `mappings.properties` holds it, plus the
 * descriptive parts bklog keeps beside it. A bare string is the type.
 * @example { type: 'keyword', description: 'server IP', isDimension: true }
 */
export type BkdataEsFieldDescription =
  | string
  | {
      /** The Elasticsearch type (`keyword`, `long`, ...); missing means `string`. */
      readonly type?: string | undefined;
      /** The field's alias in BKData; defaults to `description`, else the field name. */
      readonly alias?: string | undefined;
      /** Used as the alias when `alias` is not given (bklog's field description). */
      readonly description?: string | undefined;
      /**
       * Whether BKData treats the field as a dimension.
       * @default true (bklog's default tag `dimension`)
       */
      readonly isDimension?: boolean | undefined;
    };

/** One field in list form: the name plus its description. */
export type BkdataEsFieldEntry = Exclude<BkdataEsFieldDescription, string> & { readonly name: string };

/**
 * An Elasticsearch type mapping: `{field: type | {type, ...}}` (the shape of
 * `mappings.properties`), or a list of named fields (which may repeat a name).
 */
export type BkdataEsTypeMapping = Readonly<Record<string, BkdataEsFieldDescription>> | readonly BkdataEsFieldEntry[];

/** Options of {@link buildCleanFields}. */
export interface BkdataCleanFieldsOptions {
  /**
   * Append bklog's `time` field (Elasticsearch `long`) when the mapping has none.
   * @default true
   */
  readonly appendTimeField?: boolean | undefined;
}

function entriesOf(mapping: BkdataEsTypeMapping): BkdataEsFieldEntry[] {
  if (Array.isArray(mapping)) return [...(mapping as readonly BkdataEsFieldEntry[])];
  return Object.entries(mapping as Readonly<Record<string, BkdataEsFieldDescription>>).map(([name, description]) =>
    typeof description === 'string' ? { name, type: description } : { ...description, name },
  );
}

/**
 * Turns an Elasticsearch type mapping into the `fields` of a BKData clean, as bklog's ETL code
 * does: `integer→int`, `long→long`, `keyword→string`, `text→text`, `double→double`,
 * `object→text`, `nested→text`, anything else `string`; a `time` field (long) appended; a
 * repeated field name kept once (the first); `field_index` 1-based in the final order.
 * @example
 * buildCleanFields({ log: 'text', level: { type: 'keyword', description: 'level' }, bytes: 'long' });
 * // [
 * //   { field_name: 'log', field_type: 'text', field_alias: 'log', is_dimension: true, field_index: 1 },
 * //   { field_name: 'level', field_type: 'string', field_alias: 'level', is_dimension: true, field_index: 2 },
 * //   { field_name: 'bytes', field_type: 'long', field_alias: 'bytes', is_dimension: true, field_index: 3 },
 * //   { field_name: 'time', field_type: 'long', field_alias: 'time', is_dimension: true, field_index: 4 },
 * // ]
 */
export function buildCleanFields(mapping: BkdataEsTypeMapping, options: BkdataCleanFieldsOptions = {}): BkdataCleanField[] {
  const entries = entriesOf(mapping);
  if (options.appendTimeField ?? true) entries.push({ name: 'time', type: 'long' });
  const seen = new Set<string>();
  const fields: BkdataCleanField[] = [];
  for (const entry of entries) {
    if (seen.has(entry.name)) continue;
    seen.add(entry.name);
    fields.push({
      field_name: entry.name,
      field_type: bkdataFieldType(entry.type),
      field_alias: entry.alias ?? entry.description ?? entry.name,
      is_dimension: entry.isDimension ?? true,
      field_index: fields.length + 1,
    });
  }
  return fields;
}

/**
 * The `fields` of a BKData storage: {@link buildCleanFields} plus `physical_field` (the field
 * name), as bklog sends them to `data_storages/`.
 * @example buildStorageFields({ log: 'text' }) // [{ field_name: 'log', ..., physical_field: 'log' }, { field_name: 'time', ... }]
 */
export function buildStorageFields(mapping: BkdataEsTypeMapping, options: BkdataCleanFieldsOptions = {}): BkdataStorageField[] {
  return buildCleanFields(mapping, options).map((field) => ({ ...field, physical_field: field.field_name }));
}
