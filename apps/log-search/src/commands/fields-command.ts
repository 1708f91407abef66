import { cellText, renderTable, writeText } from '@x/cli-kit';
import type { UnifyQueryField } from '@x/unify-query';
import { indexSetTableId } from '@x/unify-query';
import { jsonLine } from './command-context.js';
import type { CommandContext, ScopeOptions } from './command-context.js';

/** The fields of one index set. */
export interface IndexSetFields {
  readonly indexSetId: number;
  readonly tableId: string;
  readonly fields: readonly UnifyQueryField[];
}

function yesNo(value: unknown): string {
  if (value === true) return 'yes';
  if (value === false) return 'no';
  return '';
}

/** `fields --index-set 42`: the field map of each index set (`query/ts/info/field_map/`). */
export async function fieldsCommand(context: CommandContext, options: ScopeOptions): Promise<IndexSetFields[]> {
  const results: IndexSetFields[] = [];
  for (const indexSetId of options.indexSetIds) {
    const tableId = indexSetTableId(indexSetId);
    const { data } = await context.target.unifyQuery.queryFieldMap(
      { data_source: 'bklog', table_id: tableId, bk_biz_id: options.bkBizId, start_time: String(context.now - options.sinceMs), end_time: String(context.now) },
      { signal: context.io.signal },
    );
    results.push({ indexSetId, tableId, fields: data ?? [] });
  }
  if (context.json) {
    await writeText(context.io.stdout, jsonLine(results.length === 1 ? results[0] : results));
    return results;
  }
  for (const [index, result] of results.entries()) {
    // unify-query's field map names an alias `alias_name` (FieldOption); `field_alias` is bklog's own.
    const rows = result.fields.map((field) => [
      field.field_name,
      cellText(field.field_type),
      cellText(field.alias_name === '' ? field.field_alias : (field.alias_name ?? field.field_alias)),
      yesNo(field.is_agg),
      yesNo(field.is_analyzed),
    ]);
    await writeText(context.io.stdout, `${index === 0 ? '' : '\n'}Index set ${result.indexSetId} (${result.tableId}): ${result.fields.length} fields\n`);
    await writeText(
      context.io.stdout,
      renderTable(
        [{ header: 'field' }, { header: 'type' }, { header: 'alias', flexible: true }, { header: 'aggregatable' }, { header: 'analyzed' }],
        rows,
        context.columns,
      ),
    );
  }
  return results;
}
