// AnswerField front end (anywidget ES module; no imports, no network, DOM built from text).
// The question is the label of a textarea; what is typed goes to `value` at every keystroke, and
// a message {event: "blur"} tells Python the box lost the focus (Python saves at once). The
// status line is one live region whose text changes in place.

let made = 0;

function make(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function render({ model, el }) {
  made += 1;
  const id = `answer-${model.get("question_id").replace(/[^A-Za-z0-9_-]/g, "-")}-${made}`;
  const root = make("div", "answer-root");
  const label = make("label", "answer-question", model.get("question"));
  label.htmlFor = id;
  const area = make("textarea", "answer-text");
  area.id = id;
  area.rows = 4;
  area.lang = "en";
  area.placeholder = model.get("placeholder");
  area.value = model.get("value");
  area.setAttribute("data-lm-suppress-shortcuts", "true"); // JupyterLab: the keys type text
  const status = make("div", "answer-status");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  const details = make("details", "answer-details");
  const summary = make("summary", "", "Details for your teacher");
  const pre = make("pre", "answer-details-text");
  details.append(summary, pre);
  root.append(label, area, status, details);
  el.append(root);

  function showStatus() {
    status.textContent = model.get("status");
    status.dataset.kind = model.get("kind");
    pre.textContent = model.get("details");
    details.hidden = !model.get("details");
  }
  function showValue() {
    // what Python says (the answer read back, or emptied for the next student); never while
    // the student is typing here, so no keystroke is lost to an older echo
    if (document.activeElement !== area && area.value !== model.get("value")) {
      area.value = model.get("value");
    }
  }
  function showQuestion() {
    label.textContent = model.get("question");
  }

  area.addEventListener("input", () => {
    model.set("value", area.value);
    model.save_changes();
  });
  area.addEventListener("blur", () => {
    if (area.value !== model.get("value")) {
      model.set("value", area.value);
      model.save_changes();
    }
    model.send({ event: "blur" });
  });
  model.on("change:status", showStatus);
  model.on("change:kind", showStatus);
  model.on("change:details", showStatus);
  model.on("change:value", showValue);
  model.on("change:question", showQuestion);
  showStatus();
  return () => {
    model.off("change:status", showStatus);
    model.off("change:kind", showStatus);
    model.off("change:details", showStatus);
    model.off("change:value", showValue);
    model.off("change:question", showQuestion);
  };
}

export default { render };
