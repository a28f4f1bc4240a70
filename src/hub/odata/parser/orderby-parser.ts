/** `$orderby`. */
import type { OrderByItem } from '../ast/index.ts';
import { parseCommonExpr } from './expression-parser.ts';
import type { Scanner } from './scanner.ts';

/**
 * orderby     = ( "$orderby" / "orderby" ) EQ orderbyItem *( COMMA orderbyItem )
 * orderbyItem = commonExpr [ RWS ( "asc" / "desc" ) ]
 */
export function parseOrderByItems(s: Scanner): OrderByItem[] {
  return s.commaSeparated(() => {
    const start = s.pos;
    const expr = parseCommonExpr(s);
    let direction: OrderByItem['direction'] = 'asc';
    const before = s.pos;
    const word = s.skipWhitespace() ? s.identifierAt()?.toLowerCase() : undefined;
    if (word === 'asc' || word === 'desc') {
      direction = word;
      s.pos += word.length;
    } else {
      s.pos = before;
    }
    return { expr, direction, position: s.position(start) };
  });
}
