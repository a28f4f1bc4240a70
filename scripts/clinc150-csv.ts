/**
 * CLINC150 (Larson et al. 2019, github.com/clinc/oos-eval) as the
 * `text,category` CSV that `npm run eval -- --topics` reads: the in-scope
 * train, val and test utterances of data_full.json (22,500, 150 intents),
 * the out-of-scope ones left out. The data stays out of the repository.
 *
 *   node scripts/clinc150-csv.ts PATH/data_full.json > /tmp/clinc150.csv
 */
import { readFileSync } from 'node:fs';
import { stringify } from 'csv-stringify/sync';

const file = process.argv[2];
if (file === undefined) {
  process.stderr.write('usage: node scripts/clinc150-csv.ts PATH/data_full.json > clinc150.csv\n');
  process.exit(2);
}
const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, [string, string][]>;
const rows = ['train', 'val', 'test'].flatMap((split) => data[split] ?? []);
process.stdout.write(stringify(rows.map(([text, category]) => ({ text, category })), { header: true, columns: ['text', 'category'] }));
