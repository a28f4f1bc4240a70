/**
 * Options in parentheses after an `$expand` item, a `$select` item or a
 * `$count` path segment: `Items($filter=Quantity gt 1;$top=2;@p=5)`. Names are
 * case-insensitive with or without `$`; which options are allowed depends on
 * where the parentheses are (the ABNF's expandOption, expandRefOption,
 * expandCountOption and selectOption).
 */
import { QueryOptionsNode } from '../ast/index.ts';
import { parseCommonExpr } from './expression-parser.ts';
import { readOptionValue, SHARED_OPTIONS, type OptionsDraft, type SharedOption } from './option-values.ts';
import type { Scanner } from './scanner.ts';
import { quoted } from './syntax-error.ts';

export interface NestedRules {
  readonly options: ReadonlySet<SharedOption>;
  readonly aliases: boolean;
  /** Where the parentheses are, for messages: "after '/$ref'". */
  readonly where: string;
}

const rules = (where: string, aliases: boolean, options: SharedOption[]): NestedRules => ({ options: new Set(options), aliases, where });

/** expandCountOption = filter / search */
export const COUNT_SEGMENT_OPTIONS = rules("after '/$count'", false, ['filter', 'search']);
/** expandRefOption = expandCountOption / orderby / skip / top / inlinecount */
export const EXPAND_REF_OPTIONS = rules("after '/$ref'", false, ['filter', 'search', 'orderby', 'skip', 'top', 'count']);
/** expandOption = expandRefOption / select / expand / compute / levels / aliasAndValue */
export const EXPAND_OPTIONS = rules('in $expand', true, ['filter', 'search', 'orderby', 'skip', 'top', 'count', 'select', 'expand', 'compute', 'levels']);
/** STAR [ ref / OPEN levels CLOSE ] */
export const EXPAND_STAR_OPTIONS = rules("after '*' in $expand", false, ['levels']);
/** selectOption = selectOptionPC / compute / select / aliasAndValue, selectOptionPC = filter / search / inlinecount / orderby / skip / top */
export const SELECT_OPTIONS = rules('in $select', true, ['filter', 'search', 'count', 'orderby', 'skip', 'top', 'compute', 'select']);

/**
 * OPEN option *( SEMI option ) CLOSE
 * aliasAndValue = parameterAlias EQ parameterValue
 */
export function parseNestedOptions(s: Scanner, allowed: NestedRules): QueryOptionsNode {
  const open = s.pos;
  s.enter();
  s.pos++;
  const draft: OptionsDraft = { aliases: [] };
  const written: string[] = [];
  const seen = new Set<string>();
  for (;;) {
    const at = s.pos;
    const prefix = s.peek() === '@' || s.peek() === '$' ? s.peek() : '';
    const word = s.identifierAt(at + prefix.length) ?? s.expected(`a query option such as $filter=... ${allowed.where}`);
    const name = prefix + word;
    const alias = prefix === '@';
    const option = alias ? name : word.toLowerCase();
    if (alias && !allowed.aliases) s.fail(`parameter aliases are not allowed ${allowed.where}`, at);
    if (!alias && !SHARED_OPTIONS.has(option)) s.fail(`unknown query option ${quoted(name)} ${allowed.where}`, at);
    if (!alias && !allowed.options.has(option as SharedOption)) {
      s.fail(`${quoted(name)} is not allowed ${allowed.where}; allowed: ${[...allowed.options].map((name) => `$${name}`).join(', ')}`, at);
    }
    if (seen.has(option)) s.fail(`${quoted(name)} is given twice ${allowed.where}`, at);
    seen.add(option);
    s.pos += name.length;
    s.expect('=', `'=' after ${quoted(name)}`);
    if (alias) draft.aliases.push([name, parseCommonExpr(s)]);
    else readOptionValue(s, option as SharedOption, draft, true, name);
    written.push(s.text.slice(at, s.pos));
    if (s.peek() === ')') break;
    if (s.peek() !== ';') s.expected("';' or ')'");
    s.pos++;
  }
  s.pos++;
  s.leave();
  return QueryOptionsNode.create({ ...draft, written }, s.position(open));
}
