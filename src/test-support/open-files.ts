/**
 * Files this process holds open under a directory (Linux /proc), for what
 * is deleted while open and so leaves no name to look for: the importer's
 * spool files. Returns the size of each, in bytes.
 */
import { readdirSync, readlinkSync, statSync } from 'node:fs';
import path from 'node:path';

export function openFilesUnder(directory: string): number[] {
  const prefix = `${path.resolve(directory)}${path.sep}`;
  const sizes: number[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(prefix)) sizes.push(statSync(`/proc/self/fd/${fd}`).size);
    } catch {
      // Closed between the listing and the read.
    }
  }
  return sizes;
}
