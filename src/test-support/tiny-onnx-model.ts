/**
 * Writes a tiny sentence-transformers-shaped ONNX export for tests of
 * `EMBEDDINGS=onnx`: no pretrained model can be had on this machine, and
 * none small enough ships in a package. It has the files and interfaces of
 * a real BERT export (config.json, a WordPiece tokenizer.json with
 * [CLS]/[SEP] around each text, tokenizer_config.json, onnx/model.onnx
 * taking input_ids and attention_mask and answering last_hidden_state),
 * but its "encoder" is a lookup table: each token's hidden state is the
 * vector the test gives it, zeroed where the attention mask is 0. So a test
 * knows exactly which sentence embedding mean pooling must produce.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'] as const;

/**
 * Why tests that run an ONNX model are skipped here, or undefined: the
 * runtime is an optional dependency, absent after `npm ci --omit=optional`.
 */
export const ONNX_RUNTIME_ABSENT: string | undefined = (() => {
  try {
    import.meta.resolve('@huggingface/transformers');
    return undefined;
  } catch {
    return 'the optional dependency @huggingface/transformers is not installed (npm ci --omit=optional)';
  }
})();

export interface TinyModel {
  readonly directory: string;
  readonly dimensions: number;
  /** The hidden state of a token (lower-case word or special token). */
  vectorOf(token: string): readonly number[];
}

/**
 * `vectors` gives each word its hidden state; [CLS], [SEP] and [UNK] get
 * `specialVector` (a real model's are never zero either).
 */
export function writeTinyOnnxModel(directory: string, vectors: Readonly<Record<string, readonly number[]>>, options: { specialVector: readonly number[]; weightFile?: 'model.onnx' | 'model_quantized.onnx' }): TinyModel {
  const dimensions = options.specialVector.length;
  const vocabulary = [...SPECIAL_TOKENS, ...Object.keys(vectors)];
  const rows = vocabulary.map((token) => (token === '[PAD]' ? new Array<number>(dimensions).fill(0) : (vectors[token] ?? options.specialVector)));
  if (rows.some((row) => row.length !== dimensions)) throw new Error('every vector needs the dimensions of specialVector');

  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const INT = onnx.AttributeProto.AttributeType.INT;
  const tensor = (elemType: number, dims: string[]) => ({ tensorType: { elemType, shape: { dim: dims.map((dimParam) => ({ dimParam })) } } });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'commontime-tests',
    graph: {
      name: 'lookup-encoder',
      initializer: [
        { name: 'table', dataType: FLOAT, dims: [vocabulary.length, dimensions], floatData: rows.flat() },
        { name: 'last_axis', dataType: INT64, dims: [1], int64Data: [-1] },
      ],
      node: [
        { opType: 'Gather', input: ['table', 'input_ids'], output: ['states'], attribute: [{ name: 'axis', type: INT, i: 0 }] },
        { opType: 'Cast', input: ['attention_mask'], output: ['mask'], attribute: [{ name: 'to', type: INT, i: FLOAT }] },
        { opType: 'Unsqueeze', input: ['mask', 'last_axis'], output: ['mask_3d'] },
        { opType: 'Mul', input: ['states', 'mask_3d'], output: ['last_hidden_state'] },
      ],
      input: [
        { name: 'input_ids', type: tensor(INT64, ['batch', 'sequence']) },
        { name: 'attention_mask', type: tensor(INT64, ['batch', 'sequence']) },
      ],
      output: [{ name: 'last_hidden_state', type: tensor(FLOAT, ['batch', 'sequence', 'hidden']) }],
    },
  });

  const special = (content: string) => ({ id: vocabulary.indexOf(content), content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const cls = { SpecialToken: { id: '[CLS]', type_id: 0 } };
  const sep = (typeId: number) => ({ SpecialToken: { id: '[SEP]', type_id: typeId } });
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep(0)],
      pair: [cls, { Sequence: { id: 'A', type_id: 0 } }, sep(0), { Sequence: { id: 'B', type_id: 1 } }, sep(1)],
      special_tokens: Object.fromEntries(['[CLS]', '[SEP]'].map((token) => [token, { id: token, ids: [vocabulary.indexOf(token)], tokens: [token] }])),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: Object.fromEntries(vocabulary.map((token, id) => [token, id])) },
  };

  mkdirSync(path.join(directory, 'onnx'), { recursive: true });
  writeFileSync(path.join(directory, 'onnx', options.weightFile ?? 'model.onnx'), onnx.ModelProto.encode(model).finish());
  writeFileSync(path.join(directory, 'config.json'), JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: dimensions, vocab_size: vocabulary.length }));
  writeFileSync(path.join(directory, 'tokenizer.json'), JSON.stringify(tokenizer));
  writeFileSync(
    path.join(directory, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 32, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]' }),
  );
  return { directory, dimensions, vectorOf: (token) => rows[vocabulary.indexOf(token)] ?? options.specialVector };
}
