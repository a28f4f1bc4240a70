/**
 * A topic model's `filter`: an OData `$filter` over Insights (URL
 * Conventions 4.01 §5.1.1), compiled by the OData engine itself, so that a
 * model groups exactly the insights `GET /odata/Insights?$filter=…` returns
 * and is bound to the model's tenant the same way (query/scoped-source.ts).
 */
import { sql, type RawBuilder } from 'kysely';
import { AppError } from '../../../platform/errors/app-error.ts';
import { compileFilter, rootScope } from '../../odata/compile/expression-compiler.ts';
import { findEntitySet } from '../../odata/model/registry.ts';
import { ODataSyntaxError, parseExpression } from '../../odata/parser/index.ts';
import { scopedSource } from '../../odata/query/scoped-source.ts';
import { TopicErrors } from './topic-errors.ts';

export const MAX_FILTER_LENGTH = 4_000;

const INSIGHTS = findEntitySet('Insights')!;

/** `alias.tenant_id = tenant and (filter)` over `insights as alias`; throws TOPICS_INVALID_FILTER for a filter the engine refuses. */
export function insightCondition(filter: string | null, tenantId: string, alias: string): RawBuilder<boolean> {
  const source = scopedSource(INSIGHTS.table, alias, tenantId);
  if (filter === null || filter.trim() === '') return source.tenantCondition;
  if (filter.length > MAX_FILTER_LENGTH) throw TopicErrors.TOPICS_INVALID_FILTER([`it is longer than ${MAX_FILTER_LENGTH} characters`]);
  try {
    const condition = compileFilter(parseExpression(filter), rootScope(INSIGHTS, source, tenantId, {}));
    return sql<boolean>`(${source.tenantCondition} and (${condition}))`;
  } catch (error) {
    if (error instanceof ODataSyntaxError || error instanceof AppError) throw TopicErrors.TOPICS_INVALID_FILTER([error.message]);
    throw error;
  }
}
