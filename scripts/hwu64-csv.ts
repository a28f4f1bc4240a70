/**
 * HWU64 (Liu et al. 2019, github.com/xliuhw/NLU-Evaluation-Data), the
 * development set of topic clustering (docs/quality.md "Topic clustering"),
 * as the `text,category` CSV that `npm run eval -- --topics` reads: the
 * utterances of the KFold_1 trainset (one semicolon-separated file per
 * intent), as the user typed them (`answer_from_user`), the category
 * `scenario_intent` (64 of them). The data stays out of the repository.
 *
 *   node scripts/hwu64-csv.ts PATH/KFold_1/trainset > /tmp/hwu64-dev.csv
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: node scripts/hwu64-csv.ts PATH/KFold_1/trainset > hwu64-dev.csv\n');
  process.exit(2);
}
const rows = readdirSync(dir).filter((name) => name.endsWith('.csv')).sort().flatMap((name) => {
  const records = parse(readFileSync(join(dir, name), 'utf8'), { delimiter: ';', relax_quotes: true, relax_column_count: true, from_line: 2 }) as string[][];
  return records.filter((r) => (r[5] ?? '').trim() !== '').map((r) => ({ text: r[5]!.trim(), category: `${r[1]}_${r[2]}` }));
});
process.stdout.write(stringify(rows, { header: true, columns: ['text', 'category'] }));
