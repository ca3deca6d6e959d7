// The playground's page: Slack's client, as far as a person trying Touchpoint needs it. It draws what the
// server says one sample person sees (/play/screen), redraws when the server says something changed
// (server-sent events), and turns each click, choice, submission and command into a call to /play/…,
// which the server sends to the bot as Slack would. Block Kit arrives as HTML (bot/playground/blockkit.py);
// its data-* attributes say which block, element and value each control stands for.
"use strict";

const page = {
  as: null, // the sample person
  at: null, // a conversation id, or "home"
  thread: null, // the ts of the thread open in the side pane
  shown: null, // the last screen drawn
  drawn: {}, // the HTML last put in each region, so unchanged regions (and what is typed in them) stay
  stick: true, // the conversation is scrolled to its latest message, and stays there as messages come
  sent: 0, // actions sent to the server so far
  clock: 0, // the bot's clock minus this browser's, in milliseconds
};
const $ = (selector, root = document) => root.querySelector(selector);
const PALETTE = ["#e8912d", "#2bac76", "#4a154b", "#1264a3", "#e01e5a", "#36c5f0", "#9e5c1e", "#5c8a2e"];

function element(tag, attributes = {}, ...children) {
  const made = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "text") made.textContent = value;
    else if (name === "html") made.innerHTML = value;
    else made.setAttribute(name, value === true ? "" : value);
  }
  made.append(...children.filter((c) => c !== null && c !== undefined));
  return made;
}

function colour(id) {
  let sum = 0;
  for (const c of id) sum = (sum * 31 + c.charCodeAt(0)) >>> 0;
  return PALETTE[sum % PALETTE.length];
}

// --- talking to the server --------------------------------------------------------------------------------
async function call(action, fields = {}) {
  page.sent += 1;
  const answer = await fetch(`play/${action}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ as: page.as, ...fields }),
  });
  const body = await answer.json().catch(() => ({}));
  if (!answer.ok) say(body.error || `${answer.status}`);
  return answer.ok ? body : null;
}

function say(text) {
  const note = element("div", { class: "notice local" }, element("span", { text }), closer());
  $("#alerts").append(note);
  setTimeout(() => note.remove(), 8000);
}

function closer() {
  return element("button", { type: "button", "data-dismiss": true, "aria-label": "Dismiss", text: "×" });
}

// The server pushes what the person sees, as server-sent events: the whole screen at once, then again each
// time something changes. One stream for each person, place and open thread.
let stream = null;
let streamKey = null;
function refresh() {
  const query = new URLSearchParams({ at: page.at || "home" });
  if (page.as) query.set("as", page.as);
  if (page.thread) query.set("thread", page.thread);
  const key = query.toString();
  if (stream && key === streamKey) return;
  if (stream) stream.close();
  streamKey = key;
  let heard = false;
  stream = new EventSource(`play/events?${key}`);
  stream.onmessage = (event) => {
    heard = true;
    draw(JSON.parse(event.data));
  };
  stream.onerror = () => {
    if (heard) return; // the browser reconnects by itself
    stream.close(); // refused (a person or place that isn't there): start again from the first person
    stream = null;
    if (page.as || page.at) {
      page.as = page.at = page.thread = null;
      setTimeout(refresh, 500);
    }
  };
}

function remember() {
  const where = new URLSearchParams({ as: page.as, at: page.at });
  if (page.thread) where.set("thread", page.thread);
  history.replaceState(null, "", `#${where}`);
}

// --- drawing ------------------------------------------------------------------------------------------------
function draw(shown) {
  page.shown = shown;
  page.as = shown.me.id;
  if (!page.at || (page.at !== "home" && !shown.conversation)) {
    const channel = shown.sidebar.channels.find((c) => c.member && c.app) || shown.sidebar.channels[0];
    page.at = channel ? channel.id : "home";
    return refresh();
  }
  remember();
  $("#clock-now").textContent = shown.clock.shown;
  $("#clock-now").dateTime = shown.clock.now;
  drawPeople(shown);
  drawSidebar(shown);
  drawHeader(shown);
  drawFeed(shown);
  drawThread(shown);
  drawModal(shown);
  drawAlerts(shown);
  page.clock = Date.parse(shown.clock.now) - Date.now();
}

// The bot's clock, in the person's time zone, between screens.
setInterval(() => {
  if (!page.shown) return;
  const when = new Intl.DateTimeFormat("en-GB", {
    weekday: "short",
    day: "2-digit",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone: page.shown.me.tz || "UTC",
  });
  $("#clock-now").textContent = when.format(new Date(Date.now() + page.clock));
}, 15000);

function region(node, key, html) {
  if (page.drawn[key] === html) return false;
  page.drawn[key] = html;
  node.innerHTML = html;
  return true;
}

function drawPeople(shown) {
  const select = $("#person");
  const key = shown.people.map((p) => p.id).join();
  if (select.dataset.people !== key) {
    select.replaceChildren(
      ...shown.people.map((p) =>
        element("option", {
          value: p.id,
          text: `${p.real_name} · ${p.locale} · ${p.tz}${p.admin ? " · admin" : ""}`,
        }),
      ),
    );
    select.dataset.people = key;
  }
  select.value = shown.me.id;
}

function drawSidebar(shown) {
  const nav = element("div");
  nav.append(element("h3", { text: "Channels" }));
  for (const channel of shown.sidebar.channels) {
    nav.append(
      element(
        "a",
        {
          href: "#",
          "data-at": channel.id,
          class: channel.member ? null : "away",
          "aria-current": page.at === channel.id ? "page" : null,
        },
        element("span", { class: "hash", text: "#" }),
        element("span", { text: channel.name }),
      ),
    );
  }
  nav.append(element("h3", { text: "Apps" }));
  const onApp = page.at === "home" || page.at === shown.sidebar.direct;
  nav.append(
    element(
      "a",
      { href: "#", "data-at": "home", "aria-current": onApp ? "page" : null },
      element("span", { class: "app-icon", text: "T" }),
      element("span", { text: shown.sidebar.app_name }),
    ),
  );
  region($("#sidebar"), "sidebar", nav.innerHTML);
}

function drawHeader(shown) {
  const header = element("div");
  const app = shown.app;
  if (page.at === "home" || (shown.conversation && shown.conversation.im)) {
    header.append(
      element("h1", { text: app.name }),
      element(
        "nav",
        { class: "tabs" },
        element("a", { href: "#", "data-at": "home", "aria-current": page.at === "home" ? "page" : null, text: "Home" }),
        element("a", {
          href: "#",
          "data-at": shown.sidebar.direct,
          "aria-current": page.at !== "home" ? "page" : null,
          text: "Messages",
        }),
      ),
    );
  } else {
    const c = shown.conversation;
    header.append(
      element("h1", { text: `# ${c.name}` }),
      element("span", { class: "about", text: `${c.people} members${c.app ? ` · ${app.name} is in it` : ""}` }),
    );
  }
  region($("#pane-header"), "header", header.innerHTML);
  const composer = $("#composer");
  composer.hidden = page.at === "home" || Boolean(shown.conversation && shown.conversation.im);
  const name = shown.conversation ? shown.conversation.name : "";
  $("#say").placeholder = `Message #${name}`;
}

function messageNode(m, shown, inThread) {
  const body = element("div", { class: "body" });
  if (m.ephemeral) body.append(element("div", { class: "only-you", text: "👁 Only visible to you" }));
  const who = element(
    "div",
    { class: "who" },
    element("span", { class: "name", text: m.author.name }),
    m.author.app ? element("span", { class: "badge", text: "APP" }) : null,
    element("time", { title: m.when, text: m.time }),
  );
  body.append(who);
  if (m.subtype === "channel_join") {
    body.append(element("div", { text: `${m.author.name} joined this channel.` }));
  } else {
    body.append(element("div", { class: "content", html: m.html }));
  }
  if (m.edited) body.append(element("span", { class: "edited", text: "(edited)" }));
  if (m.files.length) {
    const files = element("div", { class: "files" });
    for (const f of m.files) {
      files.append(
        f.image
          ? element("img", { src: f.url, alt: f.alt || f.title, title: f.title, loading: "lazy" })
          : element("a", { class: "download", href: f.url, download: f.name, text: `⬇ ${f.title}` }),
      );
    }
    body.append(files);
  }
  if (m.notice) body.append(noticeNode(m.notice));
  if (!inThread && m.reply_count) {
    body.append(
      element("button", {
        type: "button",
        class: "replies",
        "data-thread": m.ts,
        text: `${m.reply_count} ${m.reply_count === 1 ? "reply" : "replies"}`,
      }),
    );
  }
  const menu = element("menu", { hidden: true });
  for (const s of shown.app.shortcuts) {
    menu.append(
      element(
        "li",
        {},
        element(
          "button",
          { type: "button", "data-shortcut": s.callback_id, "data-ts": m.ts },
          element("span", { text: s.name }),
          element("small", { text: shown.app.name }),
        ),
      ),
    );
  }
  if (!inThread) {
    menu.append(element("li", {}, element("button", { type: "button", "data-thread": m.ts, text: "Reply in thread" })));
  }
  const more = element("div", { class: "more" }, element("button", { type: "button", "aria-label": "More actions", text: "⋯" }), menu);
  const classes = ["message", m.ephemeral ? "ephemeral" : "", m.subtype === "channel_join" ? "join" : ""].join(" ");
  const avatar = element("div", {
    class: "avatar",
    style: `background:${m.author.app ? "#1d3b53" : colour(m.author.id)}`,
    text: m.author.initial,
  });
  return element("div", { class: classes, "data-ts": m.ts }, avatar, body, m.ephemeral ? null : more);
}

function noticeNode(notice) {
  return element(
    "div",
    { class: "notice", role: "alert" },
    element("strong", { text: `Slack refused ${notice.method}: ${notice.error}` }),
    notice.detail ? element("pre", { text: notice.detail }) : null,
  );
}

function toBottom() {
  const feed = $("#feed");
  if (page.stick) feed.scrollTop = feed.scrollHeight;
}

// The conversation is redrawn message by message: only a message that changed is replaced, so the others
// (and a click on them) are left alone as the bot posts and updates.
function drawFeed(shown) {
  const feed = $("#feed");
  if (page.at === "home") {
    const home = shown.home
      ? element("div", { class: "home", "data-view": shown.home.id, html: shown.home.html })
      : element("div", { class: "empty", text: `${shown.app.name} hasn't published a Home tab for you yet.` });
    page.drawn.messages = {};
    if (region(feed, "feed", home.outerHTML)) toBottom();
    return;
  }
  page.drawn.feed = null;
  if (!shown.messages.length) {
    feed.replaceChildren(element("div", { class: "empty", text: "No messages yet." }));
    page.drawn.messages = {};
    return;
  }
  const drawn = page.drawn.messages || {};
  const existing = new Map([...feed.children].map((node) => [node.dataset.ts, node]));
  let previous = null;
  let changed = false;
  for (const m of shown.messages) {
    const key = JSON.stringify(m); // a message is drawn again only when what the server says of it changed
    let node = existing.get(m.ts);
    if (!node || drawn[m.ts] !== key) {
      const fresh = messageNode(m, shown, false);
      if (node) node.replaceWith(fresh);
      node = fresh;
      changed = true;
    }
    if (node.previousElementSibling !== previous || !node.isConnected) {
      if (previous) previous.after(node);
      else feed.prepend(node);
    }
    existing.delete(m.ts);
    drawn[m.ts] = key;
    previous = node;
  }
  for (const [ts, stale] of existing) {
    stale.remove();
    delete drawn[ts];
  }
  page.drawn.messages = drawn;
  if (changed) toBottom();
}

$("#feed").addEventListener("scroll", () => {
  const feed = $("#feed");
  page.stick = feed.scrollHeight - feed.scrollTop - feed.clientHeight < 40;
});
document.addEventListener("load", (event) => event.target.tagName === "IMG" && toBottom(), true);

function drawThread(shown) {
  const pane = $("#thread");
  if (!shown.thread) {
    pane.hidden = true;
    page.drawn.thread = null;
    return;
  }
  pane.hidden = false;
  const holder = element("div");
  holder.append(
    element(
      "div",
      { class: "thread-header" },
      element("span", { text: "Thread" }),
      element("button", { type: "button", "data-close-thread": true, "aria-label": "Close the thread", text: "×" }),
    ),
  );
  const feed = element("div", { class: "feed" }, messageNode(shown.thread.parent, shown, true));
  feed.append(element("div", { class: "divider", text: `${shown.thread.replies.length} replies` }));
  for (const reply of shown.thread.replies) feed.append(messageNode(reply, shown, true));
  holder.append(feed);
  if (page.drawn.thread !== holder.innerHTML) {
    const typed = $("#reply") ? $("#reply").value : "";
    page.drawn.thread = holder.innerHTML;
    pane.innerHTML = holder.innerHTML;
    pane.append(
      element(
        "form",
        { class: "composer", id: "reply-form" },
        element("textarea", { id: "reply", dir: "ltr", rows: 1, placeholder: "Reply…", "aria-label": "Reply" }),
        element("button", { type: "submit", class: "send", "aria-label": "Send", text: "➤" }),
      ),
    );
    $("#reply").value = typed;
  }
}

function drawModal(shown) {
  const overlay = $("#modal");
  const modal = shown.modal;
  if (!modal) {
    overlay.hidden = true;
    overlay.replaceChildren();
    page.drawn.modal = null;
    return;
  }
  overlay.hidden = false;
  const key = `${modal.id}\n${modal.html}`;
  if (page.drawn.modal === key) return;
  page.drawn.modal = key;
  const box = element("div", {
    class: "modal-box",
    role: "dialog",
    "aria-modal": "true",
    "aria-label": modal.title,
    "data-view": modal.id,
    html: modal.html,
  });
  if (modal.depth > 1) box.append(element("span", { class: "stack", text: `‹ ${modal.depth} of ${modal.depth}` }));
  overlay.replaceChildren(box);
  const controls = "input:not([type=hidden]), textarea, select";
  const focused = box.querySelector("[data-focus-on-load]");
  const first = focused?.matches(controls) ? focused : (focused ?? box).querySelector(controls);
  if (first) first.focus();
}

function drawAlerts(shown) {
  const held = [...$("#alerts").querySelectorAll(".local")];
  const nodes = shown.alerts.map((a) => {
    const node = noticeNode(a);
    node.append(closer());
    return node;
  });
  if (nodes.length) nodes[0].querySelector("button").dataset.dismiss = "server";
  $("#alerts").replaceChildren(...nodes, ...held);
}

// --- what a person does -------------------------------------------------------------------------------------
function go(at) {
  page.at = at;
  page.thread = null;
  page.drawn = {};
  page.stick = true;
  if (at === "home") call("home");
  refresh();
}

function confirmed(control) {
  const raw = control.dataset.confirm;
  if (!raw) return Promise.resolve(true);
  const confirm = JSON.parse(raw);
  const overlay = $("#confirm");
  const text = (t) => (t && t.text) || "";
  return new Promise((resolve) => {
    const answer = (yes) => {
      overlay.hidden = true;
      overlay.replaceChildren();
      resolve(yes);
    };
    const yes = element("button", {
      type: "button",
      class: `bk-button ${confirm.style === "danger" ? "bk-danger" : "bk-primary"}`,
      text: text(confirm.confirm) || "Yes",
    });
    const no = element("button", { type: "button", class: "bk-button", text: text(confirm.deny) || "Cancel" });
    yes.onclick = () => answer(true);
    no.onclick = () => answer(false);
    overlay.replaceChildren(
      element(
        "div",
        { class: "confirm-box bk", role: "alertdialog", dir: "ltr" },
        element("h2", { text: text(confirm.title) }),
        element("div", { text: text(confirm.text) }),
        element("footer", {}, no, yes),
      ),
    );
    overlay.hidden = false;
    yes.focus();
  });
}

function ids(control) {
  const holder = control.closest("[data-action-id]");
  return { block: holder.dataset.blockId || "", action: holder.dataset.actionId, type: holder.dataset.type, holder };
}

function choiceOf(control, holder) {
  if (control.tagName === "SELECT") {
    return control.multiple ? [...control.selectedOptions].map((o) => o.value) : control.value;
  }
  if (control.type === "checkbox") {
    return [...holder.querySelectorAll("input[type=checkbox]:checked")].map((box) => box.value);
  }
  if (control.dataset.value !== undefined) return control.dataset.value;
  return control.value;
}

async function formOf(form) {
  const fields = {};
  for (const [name, value] of new FormData(form)) {
    if (value instanceof File) continue;
    (fields[name] = fields[name] || []).push(value);
  }
  for (const input of form.querySelectorAll("input[type=file]")) {
    const uploaded = [];
    for (const file of input.files) {
      const query = new URLSearchParams({ as: page.as, name: file.name });
      const answer = await fetch(`play/upload?${query}`, { method: "POST", body: file });
      const body = await answer.json();
      if (!answer.ok) {
        say(body.error);
        return null;
      }
      uploaded.push(body.id);
    }
    fields[input.name] = uploaded;
  }
  return fields;
}

async function act(control) {
  const { block, action, holder } = ids(control);
  if (!(await confirmed(control))) return;
  if (control.dataset.url) window.open(control.dataset.url, "_blank", "noopener");
  const choice = control.tagName === "BUTTON" && holder === control ? undefined : choiceOf(control, holder);
  const view = control.closest("[data-view]");
  if (view) {
    const form = view.querySelector("form");
    const fields = form ? await formOf(form) : {};
    return call("view-act", { view: view.dataset.view, block, action, choice, form: fields });
  }
  const message = control.closest("[data-ts]");
  const form = control.closest("form.bk-message"); // a form sent as a message: its state goes with the click
  const fields = form ? await formOf(form) : undefined;
  return call("act", { at: page.at, ts: message.dataset.ts, block, action, choice, form: fields });
}

document.addEventListener("click", async (event) => {
  const target = event.target;
  const link = target.closest("[data-at]");
  if (link) {
    event.preventDefault();
    return go(link.dataset.at);
  }
  if (target.closest("[data-dismiss]")) {
    const button = target.closest("[data-dismiss]");
    if (button.dataset.dismiss === "server") call("dismiss");
    return button.closest(".notice").remove();
  }
  const thread = target.closest("[data-thread]");
  if (thread) {
    page.thread = thread.dataset.thread;
    return refresh();
  }
  if (target.closest("[data-close-thread]")) {
    page.thread = null;
    return refresh();
  }
  const more = target.closest(".more > button");
  if (more) {
    const menu = more.parentElement.querySelector("menu");
    menu.hidden = !menu.hidden;
    more.parentElement.classList.toggle("open", !menu.hidden);
    return;
  }
  const shortcut = target.closest("[data-shortcut]");
  if (shortcut) {
    shortcut.closest("menu").hidden = true;
    return call("shortcut", { at: page.at, ts: shortcut.dataset.ts, callback: shortcut.dataset.shortcut });
  }
  const closing = target.closest("[data-modal=close]");
  if (closing) {
    event.preventDefault();
    return call("close", { view: closing.closest("[data-view]").dataset.view });
  }
  const option = target.closest("details[data-type=overflow] button[data-value]");
  if (option) {
    option.closest("details").open = false;
    return act(option);
  }
  const button = target.closest("button[data-action-id], a[data-action-id]");
  if (button) {
    event.preventDefault();
    return act(button);
  }
});

document.addEventListener("change", (event) => {
  const control = event.target;
  if (control.id === "person") {
    page.as = control.value;
    page.thread = null;
    page.drawn = {};
    return refresh();
  }
  const holder = control.closest("[data-action-id]");
  if (!holder || holder.dataset.type === "external_select" && control.type === "search") return;
  const inModal = control.closest("#modal");
  const dispatches = control.closest("[data-dispatch=true]");
  const field = inModal || control.closest(".bk-input"); // a form field: sent on submit, or with a click
  if (field && !dispatches && !control.closest(".bk-actions")) return;
  act(control);
});

// An external select asks the app for options as the person types (from its min_query_length on).
async function suggest(box) {
  const holder = box.closest("[data-type=external_select]");
  if (box.value.length < Number(holder.dataset.minQueryLength || 3)) return;
  const view = box.closest("[data-view]").dataset.view;
  const block = holder.dataset.blockId || "";
  const answer = await call("suggest", { view, block, action: holder.dataset.actionId, typed: box.value });
  const select = holder.querySelector("select");
  const options = (answer && answer.options) || [];
  select.replaceChildren(...options.map((o) => element("option", { value: o.value, text: o.text.text })));
  if (options.length) select.value = options[0].value;
}

let typing = null;
document.addEventListener("input", (event) => {
  const box = event.target;
  if (box.id === "say") return hint(box.value);
  if (box.type !== "search" || !box.closest("[data-type=external_select]")) return;
  clearTimeout(typing);
  typing = setTimeout(() => suggest(box), 250);
});
document.addEventListener("focusin", (event) => {
  const box = event.target;
  if (box.type === "search" && box.closest("[data-type=external_select]")) suggest(box);
});

document.addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = event.target;
  if (form.id === "composer") return send($("#say"), null);
  if (form.id === "reply-form") return send($("#reply"), page.thread);
  const view = form.closest("[data-view]");
  if (!view) return;
  const fields = await formOf(form);
  if (fields) call("submit", { view: view.dataset.view, form: fields });
});

document.addEventListener("keydown", (event) => {
  const box = event.target;
  if ((box.id === "say" || box.id === "reply") && event.key === "Enter" && !event.shiftKey) {
    event.preventDefault();
    box.form.requestSubmit();
  }
  if (event.key === "Escape" && !$("#modal").hidden && $("#confirm").hidden) {
    const view = $("#modal [data-view]");
    if (view) call("close", { view: view.dataset.view });
  }
});

function send(box, thread) {
  const text = box.value.trim();
  if (!text) return;
  box.value = "";
  hint("");
  return call("say", { at: page.at, text, thread: thread || undefined });
}

// Slack's command menu: typing "/" lists the commands; the app's shows its usage hint and description.
function hint(typed) {
  const menu = $("#commands");
  const word = typed.split(" ")[0];
  const app = page.shown && page.shown.app;
  const commands = app
    ? [
        { name: app.command, usage: app.usage_hint, description: app.description, by: app.name },
        { name: "/invite", usage: "@someone", description: "Invite someone (or an app) to this channel", by: "Slack" },
      ]
    : [];
  const matching = typed.startsWith("/") && !typed.includes("\n") ? commands.filter((c) => c.name.startsWith(word) || word.startsWith(c.name)) : [];
  menu.hidden = !matching.length;
  menu.replaceChildren(
    element("div", { class: "title", text: "Commands" }),
    ...matching.map((c) =>
      element(
        "div",
        { class: "command" },
        element("strong", { text: c.name }),
        element("span", { class: "usage", text: c.usage }),
        element("span", { class: "description", text: `${c.description} · ${c.by}` }),
      ),
    ),
  );
}

$("#fire-next").addEventListener("click", async () => {
  const note = $("#clock-note");
  note.textContent = "…";
  const answer = await call("fire-next");
  if (!answer) return (note.textContent = "");
  if (!answer.fired) return (note.textContent = "Nothing is scheduled.");
  const zone = page.shown.me.tz || "UTC";
  const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: zone });
  note.textContent = `Fired what was due ${when.format(new Date(answer.fired))}.`;
});

const start = new URLSearchParams(location.hash.slice(1));
page.as = start.get("as");
page.at = start.get("at");
page.thread = start.get("thread");
refresh();
