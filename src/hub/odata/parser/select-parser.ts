/** `$select`. */
import type { SelectItem } from '../ast/index.ts';
import { parseNestedOptions, SELECT_OPTIONS } from './nested-options.ts';
import type { Scanner } from './scanner.ts';

/** True when the parentheses at the cursor hold query options (`$top=2`, `top=2`, `@p=1`) rather than parameter names. */
function optionsFollow(s: Scanner): boolean {
  const at = s.pos + 1;
  if (s.text[at] === '$' || s.text[at] === '@') return true;
  const name = s.identifierAt(at);
  return name !== null && s.text[at + name.length] === '=';
}

/**
 * select     = ( "$select" / "select" ) EQ selectItem *( COMMA selectItem )
 * selectItem = STAR
 *            / allOperationsInSchema
 *            / selectProperty
 *            / optionallyQualifiedActionName
 *            / optionallyQualifiedFunctionName
 *            / ( optionallyQualifiedEntityTypeName / optionallyQualifiedComplexTypeName )
 *              "/" ( selectProperty / optionallyQualifiedActionName / optionallyQualifiedFunctionName )
 * selectProperty = primitiveProperty / primitiveAnnotationInQuery
 *                / ( primitiveColProperty / primitiveColAnnotationInQuery ) [ OPEN selectOptionPC *( SEMI selectOptionPC ) CLOSE ]
 *                / navigationProperty
 *                / selectPath [ OPEN selectOption *( SEMI selectOption ) CLOSE / "/" selectProperty ]
 * allOperationsInSchema = namespace "." STAR
 * optionallyQualifiedFunctionName = [ namespace "." ] function [ OPEN parameterNames CLOSE ]
 */
export function parseSelectItems(s: Scanner): SelectItem[] {
  return s.commaSeparated(() => parseSelectItem(s));
}

function parseSelectItem(s: Scanner): SelectItem {
  const start = s.pos;
  const position = s.position(start);
  if (s.peek() === '*') {
    s.pos++;
    return { star: true, position };
  }
  const path: string[] = [];
  for (;;) {
    const name = s.annotationAt() ?? s.qualifiedNameAt() ?? s.expected(path.length === 0 ? 'a property name, * or an annotation' : "a property, type or annotation name after '/'");
    s.pos += name.length;
    if (path.length === 0 && s.peek() === '.' && s.peek(1) === '*' && !name.startsWith('@')) {
      s.pos += 2;
      return { allOperationsInSchema: name, position };
    }
    path.push(name);
    if (s.peek() !== '/') break;
    s.pos++;
  }
  if (s.peek() !== '(') return { path, position };
  if (optionsFollow(s)) return { path, options: parseNestedOptions(s, SELECT_OPTIONS), position };
  // parameterNames = parameterName *( COMMA parameterName )
  s.enter();
  s.pos++;
  const parameters = s.commaSeparated(() => s.readIdentifier('a parameter name'));
  s.expect(')', "',' or ')'");
  s.leave();
  return { path, parameters, position };
}
