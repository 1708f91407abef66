import { describe, expect, it } from 'vitest';
import { BKDATA_ES_TYPE_MAP, bkdataFieldType, buildCleanFields, buildStorageFields } from './bkdata-clean-fields.js';

describe('bkdataFieldType', () => {
  it.each([
    ['integer', 'int'],
    ['long', 'long'],
    ['keyword', 'string'],
    ['text', 'text'],
    ['double', 'double'],
    ['object', 'text'],
    ['nested', 'text'],
    ['date', 'string'],
    ['boolean', 'string'],
    [undefined, 'string'],
    ['constructor', 'string'],
  ])('maps %s to %s', (esType, fieldType) => {
    expect(bkdataFieldType(esType)).toBe(fieldType);
  });

  it('exposes bklog map, frozen', () => {
    expect(Object.isFrozen(BKDATA_ES_TYPE_MAP)).toBe(true);
    expect(Object.keys(BKDATA_ES_TYPE_MAP)).toEqual(['integer', 'long', 'keyword', 'text', 'double', 'object', 'nested']);
  });
});

describe('buildCleanFields', () => {
  it('turns a type mapping into 1-based clean fields with a time field appended', () => {
    expect(
      buildCleanFields({ log: 'text', level: { type: 'keyword', description: 'log level' }, bytes: 'long', extra: { type: 'object', isDimension: false } }),
    ).toEqual([
      { field_name: 'log', field_type: 'text', field_alias: 'log', is_dimension: true, field_index: 1 },
      { field_name: 'level', field_type: 'string', field_alias: 'log level', is_dimension: true, field_index: 2 },
      { field_name: 'bytes', field_type: 'long', field_alias: 'bytes', is_dimension: true, field_index: 3 },
      { field_name: 'extra', field_type: 'text', field_alias: 'extra', is_dimension: false, field_index: 4 },
      { field_name: 'time', field_type: 'long', field_alias: 'time', is_dimension: true, field_index: 5 },
    ]);
  });

  it('keeps the first of repeated names and renumbers after removing them', () => {
    const fields = buildCleanFields([
      { name: 'log', type: 'text' },
      { name: 'status', type: 'integer', alias: 'HTTP status' },
      { name: 'log', type: 'keyword' },
      { name: 'time', type: 'date' },
      { name: 'latency', type: 'double' },
    ]);
    expect(fields.map((field) => [field.field_name, field.field_type, field.field_index])).toEqual([
      ['log', 'text', 1],
      ['status', 'int', 2],
      ['time', 'string', 3],
      ['latency', 'double', 4],
    ]);
    expect(fields[1]?.field_alias).toBe('HTTP status');
  });

  it('prefers alias over description, and can leave the time field out', () => {
    expect(buildCleanFields({ ip: { type: 'keyword', alias: 'IP', description: 'server IP' } }, { appendTimeField: false })).toEqual([
      { field_name: 'ip', field_type: 'string', field_alias: 'IP', is_dimension: true, field_index: 1 },
    ]);
  });

  it('returns just the time field for an empty mapping', () => {
    expect(buildCleanFields({})).toEqual([{ field_name: 'time', field_type: 'long', field_alias: 'time', is_dimension: true, field_index: 1 }]);
  });
});

describe('buildStorageFields', () => {
  it('adds physical_field = field_name to every clean field', () => {
    expect(buildStorageFields({ serverIp: 'keyword' })).toEqual([
      { field_name: 'serverIp', field_type: 'string', field_alias: 'serverIp', is_dimension: true, field_index: 1, physical_field: 'serverIp' },
      { field_name: 'time', field_type: 'long', field_alias: 'time', is_dimension: true, field_index: 2, physical_field: 'time' },
    ]);
  });
});
