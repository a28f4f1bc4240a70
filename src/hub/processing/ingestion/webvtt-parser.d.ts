/** The part of W3C's webvtt.js (npm webvtt-parser, which ships no types) that transcripts use. */
declare module 'webvtt-parser' {
  export interface WebVTTNode {
    readonly type: 'text' | 'object' | 'timestamp';
    /** Tag name of an object node: c, i, b, u, ruby, rt, v, lang. */
    readonly name?: string;
    /** Text of a text node; the annotation of an object node (the speaker of `v`). */
    readonly value?: string;
    readonly children?: readonly WebVTTNode[];
  }
  export interface WebVTTCue {
    readonly id: string;
    /** Seconds. */
    readonly startTime: number;
    readonly endTime: number;
    readonly text: string;
    readonly tree: { readonly children: readonly WebVTTNode[] };
  }
  export interface WebVTTError {
    readonly message: string;
    /** From 1. */
    readonly line: number;
    readonly col?: number;
  }
  export class WebVTTParser {
    constructor(entities?: Readonly<Record<string, string>>);
    parse(input: string, mode?: 'metadata' | 'chapters'): { cues: WebVTTCue[]; errors: WebVTTError[]; time: number; styles: unknown[] };
  }
}
