/** One utterance of a transcript file, before its speaker is matched to a participant. */
export interface TranscriptCue {
  /** The line of the file it starts on (from 1), for error messages. */
  readonly line: number;
  /** The speaker the file names (a WebVTT voice, a `Name:` prefix), or null. */
  readonly speaker: string | null;
  readonly startMs: number | null;
  readonly endMs: number | null;
  readonly text: string;
}

// "Ada Lovelace: We need SSO." The colon must be followed by white space, so "https://…" and "10:30" name nobody.
const PREFIX = /^([^:\n]{1,200}?):(?:\s+|$)([\s\S]*)$/;

/** The speaker a text opens with (`Name: …`) and the rest of it, or undefined. */
export function speakerPrefix(text: string): { readonly speaker: string; readonly text: string } | undefined {
  const match = PREFIX.exec(text);
  const speaker = match?.[1]!.trim();
  return speaker ? { speaker, text: match![2]!.trim() } : undefined;
}
