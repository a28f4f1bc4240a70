/** `$expand`. */
import { QueryOptionsNode } from '../ast/index.ts';
import type { ExpandItem } from '../ast/index.ts';
import { COUNT_SEGMENT_OPTIONS, EXPAND_OPTIONS, EXPAND_REF_OPTIONS, EXPAND_STAR_OPTIONS, parseNestedOptions } from './nested-options.ts';
import type { Scanner } from './scanner.ts';

/** `$ref` or `$count` at `at` as a whole word, or null. */
function suffixAt(s: Scanner, at: number): '$ref' | '$count' | null {
  for (const suffix of ['$ref', '$count'] as const) if (s.startsWith(suffix, at) && !s.isIdentifierCharAt(at + suffix.length)) return suffix;
  return null;
}

/**
 * expand     = ( "$expand" / "expand" ) EQ expandItem *( COMMA expandItem )
 * expandItem = "$value" / expandPath / optionallyQualifiedEntityTypeName "/" expandPath
 * expandPath = ( STAR [ ref / OPEN levels CLOSE ]
 *              / ( navigationProperty / entityAnnotationInQuery ) [ "/" optionallyQualifiedEntityTypeName ]
 *                [ ref   [ OPEN expandRefOption   *( SEMI expandRefOption   ) CLOSE ]
 *                / count [ OPEN expandCountOption *( SEMI expandCountOption ) CLOSE ]
 *                /         OPEN expandOption      *( SEMI expandOption      ) CLOSE
 *                ]
 *              / ( complexProperty / complexColProperty / optionallyQualifiedComplexTypeName / complexAnnotationInQuery ) "/" expandPath
 *              / streamProperty
 *              )
 */
export function parseExpandItems(s: Scanner): ExpandItem[] {
  return s.commaSeparated(() => parseExpandItem(s));
}

function parseExpandItem(s: Scanner): ExpandItem {
  const start = s.pos;
  const position = s.position(start);
  if (s.startsWith('$value') && !s.isIdentifierCharAt(start + 6)) {
    s.pos += 6;
    return { path: ['$value'], options: QueryOptionsNode.create({}, s.position()), position };
  }
  const path: string[] = [];
  let suffix: '$ref' | '$count' | null = null;
  for (;;) {
    if (s.peek() === '*') {
      s.pos++;
      path.push('*');
    } else {
      const name = s.annotationAt() ?? s.qualifiedNameAt() ?? s.expected(path.length === 0 ? 'a navigation property, * or an annotation' : "a property, type or annotation name after '/'");
      s.pos += name.length;
      path.push(name);
    }
    if (s.peek() !== '/') break;
    s.pos++;
    suffix = suffixAt(s, s.pos);
    if (suffix) {
      s.pos += suffix.length;
      break;
    }
    if (path.at(-1) === '*') s.expected("'$ref' after '*/'");
  }
  const star = path.at(-1) === '*';
  if (star && suffix === '$count') s.fail("'*/$count' is not allowed; count a navigation property by name", start);
  let options = QueryOptionsNode.create({}, s.position());
  if (s.peek() === '(') {
    if (star && suffix === '$ref') s.expected("',' or the end of $expand (no options after '*/$ref')");
    const rules = star ? EXPAND_STAR_OPTIONS : suffix === '$ref' ? EXPAND_REF_OPTIONS : suffix === '$count' ? COUNT_SEGMENT_OPTIONS : EXPAND_OPTIONS;
    options = parseNestedOptions(s, rules);
  }
  return { path, ...(suffix === '$ref' ? { ref: true } : {}), ...(suffix === '$count' ? { count: true } : {}), options, position };
}
