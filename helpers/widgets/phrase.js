// PhrasePicker front end (anywidget ES module; no imports, no network, DOM built from text).
// Words are spans built with textContent from the `paragraphs` trait. The page sets `start`,
// `end` and `anchor` (article offsets); Python answers with `sentence_id`, `quote`, `message`.

const LABEL =
  "Article text: use the arrow keys to move word by word, Shift+arrow to select, " +
  "Enter to pick a first and a last word, Escape to clear";
const EMPTY =
  "Nothing selected yet: drag across words, or click (or tap) the first and then the last word.";

function make(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render({ model, el }) {
  const words = []; // flat, in reading order: {text, start, end, sentence, first, last, node, gap}
  const numbers = {}; // sentence id -> number
  const root = make("div", "phrase-root");
  const heading = model.get("heading");
  if (heading) root.append(make("div", "phrase-heading", heading));
  const text = make("div", "phrase-text");
  text.tabIndex = 0;
  text.lang = "en";
  text.setAttribute("role", "application");
  text.setAttribute("aria-label", LABEL);
  text.setAttribute("data-lm-suppress-shortcuts", "true"); // JupyterLab: keys are ours here
  for (const para of model.get("paragraphs")) {
    const p = make("p", "phrase-para");
    for (const s of para) {
      numbers[s.id] = s.number;
      const span = make("span", "phrase-sentence");
      span.append(make("sup", "phrase-n", `[${s.number}]`), "\u00a0");
      const first = words.length;
      s.words.forEach((w, k) => {
        const gap = k ? make("span", "phrase-gap", " ") : null;
        const node = make("span", "phrase-word", w.text);
        node.dataset.i = String(words.length);
        words.push({ ...w, sentence: s, first, last: first + s.words.length - 1, node, gap });
        if (gap) span.append(gap);
        span.append(node);
      });
      p.append(span, " ");
    }
    text.append(p);
  }
  const selected = make("div", "phrase-selected");
  const hint = make("div", "phrase-hint");
  const message = make("div", "phrase-message");
  const live = make("div", "phrase-live");
  live.setAttribute("aria-live", "polite");
  root.append(text, selected, hint, message, live);
  el.append(root);

  let focus = 0; // the word the keys move
  let anchor = null; // where the selection began (word index), null when none
  let lo = null; // the selection shown: words lo..hi
  let hi = null;
  let pending = false; // a first word was clicked; the next click picks the last word
  let drag = null; // {from, moved} while the mouse button is down
  let dragged = false; // swallow the click that follows a drag

  function paint(a, b) {
    lo = a;
    hi = b;
    words.forEach((w, i) => {
      const on = lo !== null && i >= lo && i <= hi;
      w.node.classList.toggle("sel", on);
      w.node.classList.toggle("focus", i === focus);
      if (w.gap) w.gap.classList.toggle("sel", on && i > lo);
    });
  }

  let local = false; // our own model.set: wait for Python's answer before showing it
  function send(at, start, end) {
    local = true;
    model.set("anchor", at);
    model.set("start", start);
    model.set("end", end);
    local = false;
    model.save_changes();
    showHint();
  }

  function commit() {
    const a = Math.min(anchor, focus);
    const b = Math.max(anchor, focus);
    paint(a, b);
    send(words[anchor].start, words[a].start, words[b].end);
  }

  function clear() {
    anchor = null;
    pending = false;
    paint(null, null);
    send(-1, -1, -1);
    say("Selection cleared.");
  }

  function showHint() {
    hint.textContent = pending
      ? "Now pick the last word: click or tap it, or move to it and press Enter " +
        "(the same word again selects just that word)."
      : "";
  }

  function say(news) {
    live.textContent = news;
  }

  function describe(i) {
    const w = words[i];
    return `${w.text}: sentence ${w.sentence.number}, word ${i - w.first + 1} of ${
      w.last - w.first + 1
    }`;
  }

  // The model changed (Python answered, or select()/clear() from Python): show it.
  let queued = false;
  function fromModel() {
    queued = false;
    const s = model.get("start");
    const e = model.get("end");
    let a = null;
    let b = null;
    if (s >= 0 && e > s) {
      words.forEach((w, i) => {
        if (w.end > s && w.start < e) {
          if (a === null) a = i;
          b = i;
        }
      });
    }
    if (a === null) {
      anchor = null;
      pending = false;
    } else if (anchor === null || Math.min(anchor, focus) !== a || Math.max(anchor, focus) !== b) {
      if (anchor === b) focus = a;
      else [anchor, focus] = [a, b];
    }
    paint(a, b);
    const quote = model.get("quote");
    const sid = model.get("sentence_id");
    selected.textContent = quote ? `Selected: “${quote}” (sentence ${numbers[sid]})` : EMPTY;
    showHint();
    message.textContent = model.get("message");
    say([selected.textContent, message.textContent].filter(Boolean).join(" "));
  }
  function changed() {
    if (!local && !queued) {
      queued = true;
      queueMicrotask(fromModel);
    }
  }
  const names = ["start", "end", "quote", "sentence_id", "message"];
  for (const name of names) model.on(`change:${name}`, changed);

  // Clicks and taps: a first word, then a last word.
  function choose(i) {
    if (pending && anchor !== null) {
      focus = i;
      pending = false;
    } else {
      anchor = focus = i;
      pending = true;
    }
    commit();
  }

  function wordAt(node) {
    const w = node && node.closest ? node.closest(".phrase-word") : null;
    return w && text.contains(w) ? Number(w.dataset.i) : null;
  }

  text.addEventListener("pointerdown", (ev) => {
    text.focus({ preventScroll: true });
    dragged = false;
    if (ev.pointerType !== "mouse" || ev.button !== 0) return;
    ev.preventDefault(); // no native text selection while dragging
    const i = wordAt(ev.target);
    if (i === null) return;
    drag = { from: i, moved: false };
  });
  text.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const i = wordAt(document.elementFromPoint(ev.clientX, ev.clientY));
    if (i === null || (i === drag.from && !drag.moved)) return;
    if (!drag.moved) text.setPointerCapture(ev.pointerId); // keep the drag when it leaves
    drag.moved = true;
    anchor = drag.from;
    focus = i;
    paint(Math.min(anchor, focus), Math.max(anchor, focus));
  });
  function endDrag() {
    if (drag && drag.moved) {
      pending = false;
      dragged = true;
      commit();
    }
    drag = null;
  }
  text.addEventListener("pointerup", endDrag);
  text.addEventListener("pointercancel", endDrag);
  text.addEventListener("click", (ev) => {
    if (dragged) {
      dragged = false;
      return;
    }
    const i = wordAt(ev.target);
    if (i !== null) choose(i);
  });

  // Keys: one tab stop; arrows move the focus word, Shift+arrows select inside a sentence.
  text.addEventListener("keydown", (ev) => {
    if (!words.length) return;
    const w = words[focus];
    let to = null;
    if (ev.key === "ArrowRight") to = focus + 1;
    else if (ev.key === "ArrowLeft") to = focus - 1;
    else if (ev.key === "Home") to = w.first;
    else if (ev.key === "End") to = w.last;
    else if (ev.key === "Escape" && (lo !== null || pending)) clear();
    else if (ev.key === "Enter" || ev.key === " ") choose(focus);
    else return;
    ev.preventDefault();
    ev.stopPropagation();
    if (to === null) return;
    if (ev.shiftKey) {
      if (lo === null || focus < lo || focus > hi) anchor = focus;
      focus = Math.min(Math.max(to, w.first), w.last);
      pending = false;
      if (to !== focus) say(`Sentence ${w.sentence.number} ends here: a phrase stays in one sentence.`);
      commit();
    } else {
      focus = Math.min(Math.max(to, 0), words.length - 1);
      paint(lo, hi);
      say(describe(focus));
    }
    words[focus].node.scrollIntoView({ block: "nearest" });
  });

  fromModel();
  return () => {
    for (const name of names) model.off(`change:${name}`, changed);
  };
}

export default { render };
