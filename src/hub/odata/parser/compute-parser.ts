/** `$compute`. */
import type { ComputeItem } from '../ast/index.ts';
import { parseCommonExpr } from './expression-parser.ts';
import type { Scanner } from './scanner.ts';

/**
 * compute          = ( "$compute" / "compute" ) EQ computeItem *( COMMA computeItem )
 * computeItem      = commonExpr RWS "as" RWS computedProperty
 * computedProperty = odataIdentifier
 */
export function parseComputeItems(s: Scanner): ComputeItem[] {
  return s.commaSeparated(() => {
    const start = s.pos;
    const expr = parseCommonExpr(s);
    if (!s.skipWhitespace() || s.identifierAt() !== 'as') s.expected("' as ' and the computed property's name");
    s.pos += 2;
    if (!s.skipWhitespace()) s.expected("a space after 'as'");
    const name = s.readIdentifier("the computed property's name");
    return { expr, name, position: s.position(start) };
  });
}
