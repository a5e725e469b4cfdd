// Parallel coordinates you can brush: the front end of hptlearn.widgets.ParallelCoordinates.
//
// Plain SVG, no library, nothing loaded from the network. Python sends everything drawn
// (the "data" trait: axes with their ticks and categories, each candidate's positions in
// [0, 1] per axis, its colour); this module draws it, turns drags and keys on an axis into
// brushes, and sends the brushes back as the "selection" trait (axis name -> [low, high]
// in the axis's units, or a list of categories). Python answers with "selected_indices"
// and "description" (shown in an aria-live region).

const SVG = "http://www.w3.org/2000/svg";
const STEP = 0.05; // arrow keys move a brush by 5 % of the axis
const MIN_DRAG = 3; // pixels: less than this is a click, not a drag
const HEIGHT = 380;
const MARGIN = { top: 24, right: 90, bottom: 56, left: 56 };

function node(tag, attrs, parent) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) element.setAttribute(key, value);
  if (parent) parent.appendChild(element);
  return element;
}

function clamp(x) {
  return Math.max(0, Math.min(1, x));
}

// position in [0, 1] -> value in the axis's units, and back
function toValue(axis, p) {
  if (axis.kind === "log") {
    const a = Math.log10(axis.lo), b = Math.log10(axis.hi);
    return Math.pow(10, a + p * (b - a));
  }
  return axis.lo + p * (axis.hi - axis.lo);
}

function toPosition(axis, v) {
  if (axis.kind === "log") {
    const a = Math.log10(axis.lo), b = Math.log10(axis.hi);
    return clamp((Math.log10(Math.max(v, 1e-300)) - a) / (b - a));
  }
  return clamp((v - axis.lo) / (axis.hi - axis.lo || 1));
}

function sameValue(a, b) {
  return a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) < 1e-12);
}

function round3(x) {
  return Number(x.toPrecision(3)).toString();
}

function render({ model, el }) {
  el.classList.add("hptlearn-parallel");
  el.setAttribute("data-lm-suppress-shortcuts", "true");
  const figure = document.createElement("div");
  figure.className = "hptlearn-parallel-figure";
  const note = document.createElement("p");
  note.className = "hptlearn-parallel-note";
  const live = document.createElement("p");
  live.className = "hptlearn-parallel-description";
  live.setAttribute("aria-live", "polite");
  live.setAttribute("role", "status");
  const help = document.createElement("p");
  help.className = "hptlearn-parallel-help";
  help.textContent =
    "Drag on an axis to select a range; click outside it to clear. Keyboard: Tab to an " +
    "axis, arrow keys move its range, Shift+Up and Shift+Down widen and narrow it, Escape " +
    "clears it.";
  el.append(figure, live, note, help);

  let brushes = {}; // axis index -> [p0, p1], positions, p0 <= p1
  let paths = [];
  let brushRects = [];
  let axisGroups = [];
  let dragging = false;
  let svg = null;

  const data = () => model.get("data") || { axes: [], lines: [] };

  function geometry() {
    const n = data().axes.length;
    const width = Math.max(560, 140 * Math.max(n - 1, 1) + MARGIN.left + MARGIN.right);
    const inner = width - MARGIN.left - MARGIN.right;
    const x = (k) => MARGIN.left + (n > 1 ? (k * inner) / (n - 1) : inner / 2);
    const y = (p) => MARGIN.top + (1 - p) * (HEIGHT - MARGIN.top - MARGIN.bottom);
    const p = (py) => clamp(1 - (py - MARGIN.top) / (HEIGHT - MARGIN.top - MARGIN.bottom));
    return { width, x, y, p };
  }

  function draw() {
    const d = data();
    const g = geometry();
    const style = d.style || {};
    for (const [key, value] of Object.entries(style)) {
      el.style.setProperty(`--hptlearn-pc-${key}`, value);
    }
    figure.replaceChildren();
    svg = node("svg", {
      width: g.width,
      height: HEIGHT,
      viewBox: `0 0 ${g.width} ${HEIGHT}`,
      role: "group",
      "aria-label": `Parallel coordinates of ${d.lines.length} candidates`,
    });
    figure.appendChild(svg);
    // the colour map, as a bar beside the score axis
    const defs = node("defs", {}, svg);
    const gradientId = `hptlearn-pc-${Math.random().toString(36).slice(2)}`;
    const gradient = node("linearGradient", { id: gradientId, x1: 0, y1: 1, x2: 0, y2: 0 }, defs);
    (d.colormap || []).forEach((c, i, all) =>
      node("stop", { offset: i / Math.max(all.length - 1, 1), "stop-color": c }, gradient),
    );
    const lines = node("g", { class: "hptlearn-pc-lines", "aria-hidden": "true" }, svg);
    paths = d.lines.map((row, i) => {
      let path = "";
      let pen = false;
      row.forEach((p, k) => {
        if (p === null || p === undefined) {
          pen = false;
          return;
        }
        path += `${pen ? "L" : "M"}${g.x(k).toFixed(1)},${g.y(p).toFixed(1)}`;
        pen = true;
      });
      const failed = d.failed[i];
      const element = node(
        "path",
        { d: path, class: failed ? "hptlearn-pc-line failed" : "hptlearn-pc-line" },
        lines,
      );
      if (!failed && d.colors[i]) element.style.stroke = d.colors[i];
      return element;
    });
    axisGroups = [];
    brushRects = [];
    d.axes.forEach((axis, k) => drawAxis(axis, k, g, gradientId));
    note.textContent = d.note || "";
    live.textContent = model.get("description") || "";
    brushes = fromSelection(model.get("selection") || {});
    update(true);
  }

  function drawAxis(axis, k, g, gradientId) {
    const last = k === data().axes.length - 1;
    const group = node("g", { class: "hptlearn-pc-axis", tabindex: "0", role: "group" }, svg);
    group.dataset.axis = axis.name;
    const x = g.x(k);
    if (last) {
      node(
        "rect",
        { x: x + 34, y: g.y(1), width: 8, height: g.y(0) - g.y(1), fill: `url(#${gradientId})` },
        group,
      );
    }
    node("line", { x1: x, x2: x, y1: g.y(0), y2: g.y(1), class: "hptlearn-pc-axis-line" }, group);
    for (const [p, label] of axis.ticks) {
      node("line", { x1: x - 4, x2: x, y1: g.y(p), y2: g.y(p), class: "hptlearn-pc-tick" }, group);
      const text = node("text", { x: x - 7, y: g.y(p), class: "hptlearn-pc-tick-label" }, group);
      text.textContent = label;
    }
    const title = node("text", { x, y: HEIGHT - MARGIN.bottom + 22, class: "hptlearn-pc-title" }, group);
    title.textContent = axis.label;
    const brush = node(
      "rect",
      { x: x - 9, width: 18, class: "hptlearn-pc-brush", visibility: "hidden" },
      group,
    );
    const focus = node(
      "rect",
      { x: x - 40, y: g.y(1) - 8, width: 80, height: g.y(0) - g.y(1) + 16, class: "hptlearn-pc-focus" },
      group,
    );
    focus.setAttribute("rx", 4);
    const overlay = node(
      "rect",
      { x: x - 16, y: g.y(1) - 4, width: 32, height: g.y(0) - g.y(1) + 8, class: "hptlearn-pc-overlay" },
      group,
    );
    brushRects.push(brush);
    axisGroups.push(group);
    attachPointer(overlay, k, g);
    group.addEventListener("keydown", (event) => onKey(event, k));
  }

  function attachPointer(overlay, k, g) {
    let start = null;
    let moved = false;
    const local = (event) => {
      const box = svg.getBoundingClientRect();
      return ((event.clientY - box.top) * HEIGHT) / box.height;
    };
    overlay.addEventListener("pointerdown", (event) => {
      if (event.button !== 0) return;
      event.preventDefault();
      event.stopPropagation();
      overlay.setPointerCapture(event.pointerId);
      axisGroups[k].focus({ preventScroll: true });
      start = local(event);
      moved = false;
      dragging = true;
    });
    overlay.addEventListener("pointermove", (event) => {
      if (start === null) return;
      const y = local(event);
      if (!moved && Math.abs(y - start) < MIN_DRAG) return;
      moved = true;
      const a = g.p(start), b = g.p(y);
      brushes[k] = [Math.min(a, b), Math.max(a, b)];
      update(false);
    });
    const end = (event) => {
      if (start === null) return;
      const p = g.p(start);
      start = null;
      dragging = false;
      if (!moved) {
        const brush = brushes[k];
        if (!brush || p >= brush[0] && p <= brush[1]) return; // a click inside keeps it
        delete brushes[k];
      }
      update(false);
      commit();
    };
    overlay.addEventListener("pointerup", end);
    overlay.addEventListener("pointercancel", end);
  }

  function onKey(event, k) {
    const keys = ["ArrowUp", "ArrowDown", "Escape"];
    if (!keys.includes(event.key)) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.key === "Escape") {
      if (!(k in brushes)) return;
      delete brushes[k];
    } else {
      // a step: 5 % of a numeric axis, one category of a categorical one
      const axis = data().axes[k];
      const n = axis.kind === "categorical" ? axis.categories.length : 0;
      const step = n > 1 ? 1 / (n - 1) : STEP;
      const least = n > 1 ? step / 2 : STEP; // the narrowest brush
      const up = event.key === "ArrowUp" ? 1 : -1;
      let a, b;
      if (!(k in brushes)) {
        // the first press makes a brush: the top category, or the middle of the axis
        [a, b] = n > 1 ? [1 - least / 2, 1] : [0.4, 0.6];
      } else if (event.shiftKey) {
        [a, b] = brushes[k];
        if (up > 0) {
          // widen: the top end up, or the bottom end down once the top is at the end
          if (b < 1) b = Math.min(1, b + step);
          else a = Math.max(0, a - step);
        } else {
          b = Math.max(a + least, b - step); // narrow: the top end down
        }
      } else {
        [a, b] = brushes[k];
        const shift = up > 0 ? Math.min(step, 1 - b) : -Math.min(step, a);
        a += shift;
        b += shift;
      }
      brushes[k] = [clamp(a), clamp(b)];
    }
    update(false);
    commit();
  }

  // brushes -> selection (in the axes' units), sent to Python
  function toSelection() {
    const d = data();
    const selection = {};
    for (const [key, [a, b]] of Object.entries(brushes)) {
      const axis = d.axes[Number(key)];
      if (axis.kind === "categorical") {
        selection[axis.name] = axis.categories
          .filter(([p]) => p >= a - 1e-9 && p <= b + 1e-9)
          .map(([, value]) => value);
      } else {
        selection[axis.name] = [toValue(axis, a), toValue(axis, b)];
      }
    }
    return selection;
  }

  // selection (from Python) -> brushes
  function fromSelection(selection) {
    const d = data();
    const result = {};
    d.axes.forEach((axis, k) => {
      if (!(axis.name in selection)) return;
      const chosen = selection[axis.name];
      if (axis.kind === "categorical") {
        const at = axis.categories
          .filter(([, value]) => chosen.some((c) => sameValue(c, value)))
          .map(([p]) => p);
        const pad = axis.categories.length > 1 ? 0.5 / (axis.categories.length - 1) : 0.1;
        result[k] = at.length
          ? [clamp(Math.min(...at) - pad / 2), clamp(Math.max(...at) + pad / 2)]
          : [0, 0];
      } else {
        const a = toPosition(axis, chosen[0]), b = toPosition(axis, chosen[1]);
        result[k] = [Math.min(a, b), Math.max(a, b)];
      }
    });
    return result;
  }

  function commit() {
    model.set("selection", toSelection());
    model.save_changes();
  }

  // which lines are inside every brush, from the brushes themselves (while dragging) or
  // from Python's answer (selected_indices)
  function localMask() {
    const d = data();
    return d.lines.map((row) =>
      Object.entries(brushes).every(([key, [a, b]]) => {
        const p = row[Number(key)];
        return p !== null && p !== undefined && p >= a - 1e-9 && p <= b + 1e-9;
      }),
    );
  }

  function pythonMask() {
    const d = data();
    const chosen = new Set(model.get("selected_indices") || []);
    return d.order.map((i) => chosen.has(i));
  }

  function update(fromPython) {
    const d = data();
    const g = geometry();
    const mask = fromPython ? pythonMask() : localMask();
    const any = Object.keys(brushes).length > 0;
    paths.forEach((path, i) => {
      const dim = any && !mask[i];
      path.classList.toggle("dimmed", dim);
      if (!dim) path.parentNode.appendChild(path); // selected lines on top
    });
    d.axes.forEach((axis, k) => {
      const rect = brushRects[k];
      const brush = brushes[k];
      if (brush) {
        rect.setAttribute("y", g.y(brush[1]));
        rect.setAttribute("height", Math.max(g.y(brush[0]) - g.y(brush[1]), 1));
        rect.setAttribute("visibility", "visible");
      } else {
        rect.setAttribute("visibility", "hidden");
      }
      axisGroups[k].setAttribute("aria-label", axisLabel(axis, brush));
    });
  }

  function axisLabel(axis, brush) {
    let text = `Axis ${axis.label}`;
    if (axis.kind === "categorical") {
      text += `, categories ${axis.categories.map((c) => c[2]).join(", ")}`;
    } else {
      text += `, from ${round3(axis.lo)} to ${round3(axis.hi)}`;
    }
    if (!brush) return text + "; no range selected";
    if (axis.kind === "categorical") {
      const names = axis.categories
        .filter(([p]) => p >= brush[0] - 1e-9 && p <= brush[1] + 1e-9)
        .map((c) => c[2]);
      return text + `; selected ${names.join(", ") || "nothing"}`;
    }
    return text + `; selected ${round3(toValue(axis, brush[0]))} to ${round3(toValue(axis, brush[1]))}`;
  }

  model.on("change:data", draw);
  model.on("change:selection", () => {
    if (dragging) return;
    brushes = fromSelection(model.get("selection") || {});
    update(true);
  });
  model.on("change:selected_indices", () => {
    if (!dragging) update(true);
  });
  model.on("change:description", () => {
    live.textContent = model.get("description") || "";
  });
  draw(); // anywidget removes these listeners when the view goes away
}

export default { render };
