// The wallboard's live view: reads /wallboard/data every two seconds and redraws the tables.
// Text goes in through textContent only, so names a center chose cannot become markup.
const board = document.getElementById('board');
const stamp = document.getElementById('updated');
const CALL_STATUSES = ['selecting', 'queued', 'assigned', 'connecting', 'connected', 'switching', 'scheduled', 'voicemail', 'finished', 'failed', 'deflected', 'voicemail_received'];
const CHAT_STATUSES = ['queued', 'va_assigned', 'assigned', 'in_progress', 'dismissed', 'va_dismissed', 'finished', 'deflected'];

function cell(row, text, header) {
  const element = document.createElement(header ? 'th' : 'td');
  element.textContent = String(text);
  row.append(element);
}

function table(caption, headers, rows) {
  const element = document.createElement('table');
  const title = document.createElement('caption');
  title.textContent = caption;
  element.append(title);
  const head = element.createTHead().insertRow();
  for (const header of headers) cell(head, header, true);
  const body = element.createTBody();
  for (const values of rows) {
    const row = body.insertRow();
    values.forEach((value, i) => cell(row, value, i === 0));
  }
  return element;
}

function render(data) {
  board.replaceChildren(
    table('Calls by status per queue', ['Queue', ...CALL_STATUSES, 'Wait (s)'], data.queues.filter((q) => q.menu_type !== 'web_menu').map((q) => [q.name, ...CALL_STATUSES.map((s) => q.calls[s] ?? 0), q.voice_wait])),
    table('Chats by status per queue', ['Queue', ...CHAT_STATUSES, 'Wait (s)'], data.queues.filter((q) => q.menu_type !== 'ivr_menu').map((q) => [q.name, ...CHAT_STATUSES.map((s) => q.chats[s] ?? 0), q.chat_wait])),
    table('Agents by status', ['Status', 'Agents'], Object.entries(data.agents).sort().map(([status, n]) => [status, n])),
  );
  stamp.textContent = `Updated ${new Date(data.generated_at).toLocaleTimeString()}`;
}

async function refresh() {
  try {
    const response = await fetch('/wallboard/data', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (response.status === 401 || response.redirected) {
      window.location.assign('/login');
      return;
    }
    if (response.ok) render(await response.json());
  } finally {
    setTimeout(refresh, 2000);
  }
}

refresh();
