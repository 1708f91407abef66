import { ValidationError } from '@x/errors';
import type { ValidationIssue } from '@x/errors';
import type * as z from 'zod';

/** How the rows of a raw query are typed and checked. */
export interface UnifyQueryRowOptions<Row> {
  /**
   * Checks each row and gives it its type: a row that does not fit is a ValidationError naming
   * the row and the field (`list[3].level`, `rows[1042].level` in a scroll). Use a lenient
   * schema (`z.looseObject`, optional fields) unless every row must have a field.
   * @default the rows as unify-query sends them, typed {@link UnifyQueryLogRow}
   * @example rowSchema: z.looseObject({ level: z.string(), log: z.string(), dtEventTimeStamp: z.string() })
   */
  readonly rowSchema?: z.ZodType<Row> | undefined;
}

function parseRow<Row>(schema: z.ZodType<Row>, row: unknown): z.ZodSafeParseResult<Row> | Promise<z.ZodSafeParseResult<Row>> {
  try {
    return schema.safeParse(row);
  } catch {
    // A schema with an async refinement or transform.
    return schema.safeParseAsync(row);
  }
}

/**
 * The rows checked by `schema` (the rows as they are without one). `first` is the index of the
 * first row in what the caller sees (a scroll counts across pages); `root` names the list.
 */
export async function checkRows<Row>(
  rows: readonly unknown[],
  schema: z.ZodType<Row> | undefined,
  where: { endpoint: string; root: string; first?: number },
): Promise<Row[]> {
  if (schema === undefined) return rows as Row[];
  const checked: Row[] = [];
  const issues: ValidationIssue[] = [];
  for (const [index, row] of rows.entries()) {
    const parsed = await parseRow(schema, row);
    if (parsed.success) checked.push(parsed.data);
    else {
      const at = (where.first ?? 0) + index;
      for (const issue of parsed.error.issues)
        issues.push({
          path: [where.root, at, ...issue.path.map((part) => (typeof part === 'number' ? part : String(part)))],
          message: issue.message,
          code: issue.code,
        });
    }
    if (issues.length >= 20) break;
  }
  if (issues.length > 0) throw new ValidationError({ direction: 'output', module: 'unify_query', endpoint: where.endpoint, issues });
  return checked;
}
