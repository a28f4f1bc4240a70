// The agent console's live view: reads /console/data every second. The transcript and the chats'
// messages grow in place; when the page's forms would change (new work, a new status) it reloads.
// Text goes in through textContent only, so what customers write cannot become markup.
const root = document.getElementById('console');

function lines(list, entries) {
  if (!list) return;
  list.replaceChildren(
    ...entries.map(([who, text]) => {
      const item = document.createElement('li');
      const name = document.createElement('strong');
      name.textContent = who;
      item.append(name, `: ${text}`);
      return item;
    }),
  );
}

const SENDERS = { end_user: 'Customer', agent: 'You', virtual_agent: 'Virtual agent' };

function render(data) {
  if (data.signature !== root.dataset.signature) {
    window.location.assign('/console');
    return false;
  }
  if (data.call) {
    lines(document.getElementById('transcript'), data.call.turns.map((t) => [t.name, t.text]));
    const status = document.getElementById('call-status');
    if (status) status.textContent = data.call.status;
  }
  for (const chat of data.chats) lines(document.getElementById(`chat-${chat.id}-messages`), chat.messages.map((m) => [SENDERS[m.sender] ?? m.sender, m.text]));
  return true;
}

async function refresh() {
  let again = true;
  try {
    const response = await fetch('/console/data', { headers: { accept: 'application/json' }, credentials: 'same-origin' });
    if (response.status === 401 || response.redirected) {
      window.location.assign('/login');
      return;
    }
    if (response.ok) again = render(await response.json());
  } finally {
    if (again) setTimeout(refresh, 1000);
  }
}

refresh();
