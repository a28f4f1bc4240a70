#!/usr/bin/env node
// The `commontime` command. Plain JavaScript so that it can refuse, with a clear
// message, a Node too old to run the TypeScript sources (type stripping needs 22.18+).
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  process.stderr.write(
    `commontime needs Node.js 22.18 or newer (this is ${process.versions.node}).\n` +
      'Run it through npm, which uses the Node 24 installed with the project: npx commontime …, npm start\n',
  );
  process.exit(1);
}
await import('../src/cli/main.ts');
