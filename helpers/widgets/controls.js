// RadioGroup, StatusLine and SharedStyles (controls.py): one module, by the model's _kind.
let made = 0;

function radio({ model, el }) {
  // unique on the page: each model may load this module anew, so a counter alone repeats
  const id = `radio-group-${Math.random().toString(36).slice(2, 10)}-${++made}`;
  const group = document.createElement("div");
  group.className = "radio-group";
  group.setAttribute("role", "radiogroup");
  const legend = document.createElement("div");
  legend.className = "radio-legend";
  legend.id = `${id}-legend`;
  const question = document.createElement("span");
  question.className = "radio-question";
  question.id = `${id}-question`;
  group.setAttribute("aria-labelledby", `${legend.id} ${question.id}`);
  const list = document.createElement("div");
  list.className = "radio-options";
  group.append(legend, question, list);
  el.append(group);

  const heading = () => {
    const required = model.get("required");
    legend.textContent = model.get("description");
    legend.hidden = !model.get("description");
    if (required) {
      const star = document.createElement("span");
      star.setAttribute("aria-hidden", "true");
      star.textContent = " *";
      const word = document.createElement("span");
      word.className = "radio-required";
      word.textContent = " (required)";
      legend.append(star, word);
    }
    group.setAttribute("aria-required", required ? "true" : "false");
    question.textContent = model.get("question");
  };
  const inputs = () => [...list.querySelectorAll("input")];
  const checked = () => {
    const index = model.get("index");
    const disabled = model.get("disabled");
    for (const input of inputs()) {
      input.checked = Number(input.value) === index;
      input.disabled = disabled;
    }
  };
  const options = () => {
    list.textContent = "";
    model.get("_labels").forEach((text, i) => {
      const label = document.createElement("label");
      label.className = "radio-option";
      const input = document.createElement("input");
      input.type = "radio";
      input.name = id;
      input.value = String(i);
      const span = document.createElement("span");
      span.textContent = text;
      label.append(input, span);
      list.append(label);
    });
    checked();
  };
  // the arrow keys are the group's, not JupyterLab's (which would move to another cell); the
  // radios still do what a browser's radios do
  group.addEventListener("keydown", (event) => event.stopPropagation());
  list.addEventListener("change", (event) => {
    if (event.target.matches("input[type=radio]") && event.target.checked) {
      model.set("index", Number(event.target.value));
      model.save_changes();
    }
  });
  heading();
  options();
  model.on("change:description", heading);
  model.on("change:question", heading);
  model.on("change:required", heading);
  model.on("change:_labels", options);
  model.on("change:index", checked);
  model.on("change:disabled", checked);
}

function status({ model, el }) {
  // the live region is made once; only what is inside it changes
  const line = document.createElement("div");
  line.className = "status-line";
  line.setAttribute("role", "status");
  line.setAttribute("aria-live", "polite");
  line.setAttribute("aria-atomic", "true");
  el.append(line);
  const show = () => {
    line.innerHTML = model.get("value");
    // the messages inside are not live regions of their own: this line is
    for (const inner of line.querySelectorAll("[role=status],[role=alert],[aria-live]")) {
      inner.removeAttribute("role");
      inner.removeAttribute("aria-live");
    }
  };
  show();
  model.on("change:value", show);
}

function render({ model, el }) {
  const kind = model.get("_kind");
  if (kind === "radio") return radio({ model, el });
  if (kind === "status") return status({ model, el });
  el.hidden = true; // SharedStyles: its style sheet, and the icons hidden from screen readers
  el.classList.add("shared-styles");
  hideIcons();
}

// A Font Awesome glyph in a button (ipywidgets' icon=, e.g. a ToggleButton) is decoration: it
// is hidden from assistive technology, so the button's name is its words only. A drop-down's
// keys (arrows, letters, Enter) are its own, not JupyterLab's shortcuts, which would move to
// another cell or even delete one (ipywidgets issue 3912). One observer for the page, however
// many views ask for it.
function hideIcons() {
  if (globalThis.__lessonIconsHidden) return;
  globalThis.__lessonIconsHidden = true;
  const hide = () => {
    for (const icon of document.querySelectorAll(".jupyter-button i:not([aria-hidden])")) {
      icon.setAttribute("aria-hidden", "true");
    }
    for (const select of document.querySelectorAll(
      ".jupyter-widgets select:not([data-lm-suppress-shortcuts])")) {
      select.setAttribute("data-lm-suppress-shortcuts", "true");
    }
  };
  hide();
  new MutationObserver(hide).observe(document.body, { childList: true, subtree: true });
}

export default { render };
