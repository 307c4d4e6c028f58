// followthrough: a few lines of our own JavaScript. Every page works without
// it; with it, buttons update the page in place and drafts are checked as you
// type. No inline script anywhere (the Content-Security-Policy forbids it).
"use strict";

const csrf = () => document.querySelector('meta[name="csrf-token"]').content;

// Replace every element of the page whose id appears in the fragment.
function swapIn(html) {
  const fragment = new DOMParser().parseFromString(html, "text/html");
  for (const fresh of fragment.body.querySelectorAll("[id]")) {
    const old = document.getElementById(fresh.id);
    if (old && !fresh.parentElement.closest("[id]")) {
      old.replaceWith(document.importNode(fresh, true));
    }
  }
}

async function post(url, data) {
  const response = await fetch(url, {
    method: "POST", body: data, credentials: "same-origin",
    headers: {"X-CSRF-Token": csrf(), "X-Partial": "1"},
  });
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return response.text();
}

// After an action on a step, the next pending step's first button or link has the
// focus (the keyboard carries on down the plan); else this step's own (Undo).
function nextAction(step) {
  for (let row = step.nextElementSibling; row; row = row.nextElementSibling) {
    const found = row.matches(".status-pending") && row.querySelector(".do a, .do button");
    if (found) return found;
  }
  return step.querySelector("button, a");
}

// Forms marked data-swap post in the background and swap the answer in.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!form.matches("form[data-swap]")) return;
  event.preventDefault();
  const focusId = document.activeElement && document.activeElement.closest("li[id]");
  try {
    swapIn(await post(form.action, new FormData(form)));
    const again = focusId && document.getElementById(focusId.id);
    const target = (again && nextAction(again)) || document.getElementById("timeline");
    if (target) target.focus();
  } catch (error) {
    form.submit();
  }
});

// "Add another ..." on the debrief form: the empty row is fetched and put in place
// above the button, its first field focused; the page does not move. Without
// JavaScript (or if the fetch fails) the button posts the form, which comes back
// with the new row, scrolled to it.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("form.debrief button[data-row-url]");
  if (!button) return;
  event.preventDefault();
  const rows = button.parentElement.querySelectorAll(":scope > fieldset.row").length;
  try {
    const response = await fetch(`${button.dataset.rowUrl}&row=${rows}`, {
      credentials: "same-origin", headers: {"X-Partial": "1"},
    });
    if (!response.ok) throw new Error(String(response.status));
    const fragment = new DOMParser().parseFromString(await response.text(), "text/html");
    const row = document.importNode(fragment.body.querySelector("fieldset.row"), true);
    button.before(row);
    row.querySelector("input, select, textarea").focus();
  } catch (error) {
    button.form.requestSubmit(button);
  }
});

// The draft editor: highlighted findings behind the text, checked as you type.
function setupEditor() {
  const form = document.getElementById("draft-form");
  const body = document.getElementById("body");
  if (!form || !body) return;
  let timer = null;
  let latest = 0;
  const check = async () => {
    const ticket = ++latest;
    const data = new FormData(form);
    const html = await post("/drafts/check", data);
    if (ticket === latest) {
      swapIn(html);
      syncScroll();
    }
  };
  const syncScroll = () => {
    const backdrop = document.getElementById("backdrop");
    if (backdrop) backdrop.scrollTop = body.scrollTop;
  };
  body.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(check, 150);
  });
  body.addEventListener("scroll", syncScroll);
  document.addEventListener("click", (event) => {
    const button = event.target.closest("button.apply");
    if (!button) return;
    // Offsets are code points (as in Python); Array.from splits by code point.
    const chars = Array.from(body.value);
    const start = Number(button.dataset.start);
    const end = Number(button.dataset.end);
    if (chars.slice(start, end).join("") !== button.dataset.match) {
      check();
      return;
    }
    const replacement = button.dataset.replacement;
    const before = chars.slice(0, start).join("");
    body.value = before + replacement + chars.slice(end).join("");
    body.focus();
    const caret = before.length + replacement.length;
    body.setSelectionRange(caret, caret);
    check();
  });
  const copy = document.getElementById("copy");
  if (copy) {
    copy.addEventListener("click", async () => {
      const status = document.getElementById("copied");
      try {
        await navigator.clipboard.writeText(body.value);
        status.textContent = "Copied.";
      } catch (error) {
        body.select();
        status.textContent = "Select all and copy with Ctrl+C (or Cmd+C).";
      }
    });
  }
}

document.addEventListener("DOMContentLoaded", setupEditor);

// Times marked data-local are written in UTC by the server, which does not
// know the reader's zone; the browser shows them in its own.
const localTime = new Intl.DateTimeFormat(undefined, {
  weekday: "short", day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit",
});
for (const element of document.querySelectorAll("time[data-local]")) {
  const instant = new Date(element.getAttribute("datetime"));
  if (!Number.isNaN(instant.getTime())) {
    element.textContent = `${localTime.format(instant)} your time`;
  }
}

// An empty "Your time zone" starts as the browser's own (the profile's, when
// one is saved, is already filled in by the server).
const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
const yourZone = document.getElementById("f-candidate-timezone");
if (yourZone && !yourZone.value && browserZone) yourZone.value = browserZone;

// Back on the dashboard after Done (/#t-<next row>): the keyboard carries on at
// that row's first button or link, its reminders unfolded if it is one of them.
// After the page has loaded: going to the fragment moves the focus to the page.
function focusRowFromHash() {
  if (!location.hash.startsWith("#t-")) return;
  const row = document.getElementById(decodeURIComponent(location.hash.slice(1)));
  if (!row || !row.matches("li.task")) return;
  const fold = row.closest("details");
  if (fold) fold.open = true;
  const target = row.querySelector(".do a, .do button");
  if (target) target.focus();
}
window.addEventListener("load", () => setTimeout(focusRowFromHash, 0));
