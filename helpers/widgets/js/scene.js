// Draws a widget's scene (helpers/widgets/scene.py) as SVG and builds its controls as
// native, labelled HTML inputs: keyboard and screen readers work without extra code.
// The Python side computes everything; this file only draws and reports input.
const PX = 90;                                   // pixels per inch, as the static figures
const INK = "#2e4057", GREY = "#6b7480";

function esc(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function dash(d) { return d === "dashed" ? "6 4" : d === "dotted" ? "2 3" : ""; }

function marker(shape, x, y, r, fill, edge) {
  const s = `fill="${fill}" stroke="${edge}" stroke-width="1"`;
  if (shape === "square") return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" ${s}/>`;
  if (shape === "triangle") return `<path d="M${x},${y - 1.2 * r}L${x + 1.1 * r},${y + 0.8 * r}L${x - 1.1 * r},${y + 0.8 * r}Z" ${s}/>`;
  if (shape === "diamond") return `<path d="M${x},${y - 1.3 * r}L${x + 1.3 * r},${y}L${x},${y + 1.3 * r}L${x - 1.3 * r},${y}Z" ${s}/>`;
  return `<circle cx="${x}" cy="${y}" r="${r}" ${s}/>`;
}

function table(t) {
  const head = t.columns.map((c) => `<th scope="col">${esc(c)}</th>`).join("");
  const rows = t.rows.map((row, r) => "<tr>" + row.map((v, c) => {
    const color = t.colors && t.colors[r] && t.colors[r][c];
    return `<td${color ? ` style="color:${color}"` : ""}>${esc(v)}</td>`;
  }).join("") + "</tr>").join("");
  return `<table class="course-table"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

// One panel as an SVG string: axes with their ticks (margins sized to the tick labels,
// so no label is cut), then the image, lines, bars, points, texts and legend.
function panelSvg(p, key) {
  const W = p.width * PX, H = p.height * PX;
  const ylabels = p.y ? p.y.labels : [];
  const bare = !p.x || p.x.hidden;                // no axes drawn: the picture fills the panel
  const left = bare ? 4 : 14 + 6.5 * Math.max(1, ...ylabels.map((l) => l.length)) + (p.y && p.y.label ? 16 : 0);
  const titles = p.title ? p.title.split("\n") : [];   // a title may take several lines
  const top = titles.length ? 10 + 16 * titles.length : 8, bottom = bare ? 4 : p.x.label ? 40 : 24, right = bare ? 4 : 12;
  let w = W - left - right, h = H - top - bottom, ox = left, oy = top;
  const [x0, x1] = p.x ? p.x.lim : [0, 1], [y0, y1] = p.y ? p.y.lim : [0, 1];
  if (p.equal) {                                  // the same scale on both axes, centred
    const k = Math.min(w / (x1 - x0), h / (y1 - y0));
    ox += (w - k * (x1 - x0)) / 2; oy += (h - k * (y1 - y0)) / 2; w = k * (x1 - x0); h = k * (y1 - y0);
  }
  const X = (v) => ox + (v - x0) / (x1 - x0) * w, Y = (v) => oy + h - (v - y0) / (y1 - y0) * h;
  const out = [`<svg class="course-panel" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" aria-hidden="true">`,
    `<defs><clipPath id="c${key}"><rect x="${ox}" y="${oy}" width="${w}" height="${h}"/></clipPath></defs>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`];
  titles.forEach((t, i) => out.push(`<text x="${W / 2}" y="${17 + 16 * i}" text-anchor="middle" font-size="13" font-weight="bold" fill="${INK}">${esc(t)}</text>`));
  const images = Array.isArray(p.image) ? p.image : p.image ? [p.image] : [];
  out.push(`<g clip-path="url(#c${key})">`);
  for (const im of images) {
    const [a, b, c, d] = im.extent;
    out.push(`<image href="data:image/png;base64,${im.png}" x="${X(a)}" y="${Y(d)}" width="${X(b) - X(a)}" height="${Y(c) - Y(d)}" preserveAspectRatio="none" style="image-rendering:pixelated"/>`);
  }
  if (p.zero_line) out.push(`<line x1="${ox}" x2="${ox + w}" y1="${Y(0)}" y2="${Y(0)}" stroke="${GREY}" stroke-width="0.8"/>`);
  if (p.bars) {
    const b = p.bars, bw = 0.7 * w / (x1 - x0);
    b.x.forEach((x, i) => {
      const color = Array.isArray(b.color) ? b.color[i] : b.color;
      out.push(`<rect x="${X(x) - bw / 2}" y="${Y(Math.max(b.height[i], 0))}" width="${bw}" height="${Math.abs(Y(b.height[i]) - Y(0))}" fill="${color}"/>`);
      if (b.labels) out.push(`<text x="${X(x)}" y="${Y(Math.max(b.height[i], 0)) - 3}" text-anchor="middle" font-size="10" fill="${INK}">${esc(b.labels[i])}</text>`);
    });
  }
  for (const ln of p.lines || []) {
    let d = "", pen = "M";
    ln.x.forEach((x, i) => { const y = ln.y[i]; if (y === null || x === null) { pen = "M"; return; } d += `${pen}${X(x).toFixed(1)},${Y(y).toFixed(1)}`; pen = "L"; });
    out.push(`<path d="${d}" fill="none" stroke="${ln.color}" stroke-width="${ln.width}" stroke-dasharray="${dash(ln.dash)}"/>`);
  }
  for (const pt of p.points || []) {
    const r = Math.sqrt(pt.size) / 2 * 1.1;
    pt.x.forEach((x, i) => out.push(marker(pt.shape, X(x), Y(pt.y[i]), r, Array.isArray(pt.color) ? pt.color[i] : pt.color, pt.edge)));
  }
  for (const t of p.texts || []) {
    out.push(`<text x="${X(t.x)}" y="${Y(t.y)}" text-anchor="${t.anchor}" font-size="${t.size + 1}" fill="${t.color}"${t.bold ? ' font-weight="bold"' : ""}>${esc(t.text)}</text>`);
  }
  out.push("</g>");
  if (p.x && !bare) {
    out.push(`<line x1="${ox}" x2="${ox + w}" y1="${oy + h}" y2="${oy + h}" stroke="${INK}"/>`);
    p.x.ticks.forEach((t, i) => out.push(`<line x1="${X(t)}" x2="${X(t)}" y1="${oy + h}" y2="${oy + h + 4}" stroke="${INK}"/><text x="${X(t)}" y="${oy + h + 16}" text-anchor="middle" font-size="11" fill="${INK}">${esc(p.x.labels[i])}</text>`));
    if (p.x.label) out.push(`<text x="${ox + w / 2}" y="${H - 6}" text-anchor="middle" font-size="12" fill="${INK}">${esc(p.x.label)}</text>`);
  }
  if (p.y && !bare) {
    out.push(`<line x1="${ox}" x2="${ox}" y1="${oy}" y2="${oy + h}" stroke="${INK}"/>`);
    p.y.ticks.forEach((t, i) => out.push(`<line x1="${ox - 4}" x2="${ox}" y1="${Y(t)}" y2="${Y(t)}" stroke="${INK}"/><text x="${ox - 7}" y="${Y(t) + 4}" text-anchor="end" font-size="11" fill="${INK}">${esc(p.y.labels[i])}</text>`));
    if (p.y.label) out.push(`<text transform="translate(13,${oy + h / 2}) rotate(-90)" text-anchor="middle" font-size="12" fill="${INK}">${esc(p.y.label)}</text>`);
  }
  if (p.legend) {
    const items = [...(p.lines || []), ...(p.points || [])].filter((m) => m.label);
    items.forEach((m, i) => {
      const y = oy + 12 + 16 * i, color = Array.isArray(m.color) ? GREY : m.color;
      out.push(m.shape ? marker(m.shape, ox + w - 110, y - 4, 5, color, INK)
        : `<line x1="${ox + w - 118}" x2="${ox + w - 100}" y1="${y - 4}" y2="${y - 4}" stroke="${color}" stroke-width="${m.width}" stroke-dasharray="${dash(m.dash)}"/>`);
      out.push(`<text x="${ox + w - 94}" y="${y}" font-size="11" fill="${INK}">${esc(m.label)}</text>`);
    });
  }
  out.push("</svg>");
  return out.join("");
}

// The whole scene: panels side by side in a figure whose accessible name is the alt text.
export function drawScene(target, scene) {
  if (!scene || !scene.panels) return;
  const parts = scene.panels.map((p, i) => p.table
    ? `<div class="course-panel-table" style="width:${p.width * PX}px"><div class="course-panel-title">${esc(p.title)}</div>${table(p.table)}</div>`
    : panelSvg(p, `${target.dataset.key}-${i}`));
  target.setAttribute("aria-label", scene.alt);
  target.innerHTML = (scene.title ? `<div class="course-scene-title">${esc(scene.title)}</div>` : "") +
    `<div class="course-scene-panels">${parts.join("")}</div>`;
}

// Native controls from a spec: sliders (input range + its value), choices (radio
// buttons), switches (checkboxes), menus (select), numbers and buttons. Every control has
// a visible label that is also its accessible name.
export function buildControls(box, specs, model) {
  const values = () => ({ ...model.get("values") });
  const send = (name, value) => { const v = values(); v[name] = value; model.set("values", v); model.save_changes(); };
  const made = {};
  for (const s of specs) {
    const row = document.createElement(s.kind === "choice" ? "fieldset" : "div");
    row.className = `course-control course-${s.kind}`;
    row.dataset.name = s.name;
    if (s.help) row.title = s.help;
    const id = `${box.dataset.key}-${s.name.replace(/[^A-Za-z0-9]/g, "_")}`;
    if (s.kind === "slider") {
      row.innerHTML = `<label for="${id}">${esc(s.label)}</label><input id="${id}" type="range" min="${s.min}" max="${s.max}" step="${s.step}"><output for="${id}"></output>`;
      const input = row.querySelector("input");
      input.addEventListener("input", () => send(s.name, Number(input.value)));
    } else if (s.kind === "choice") {
      row.innerHTML = `<legend>${esc(s.label)}</legend>` + s.options.map((o) =>
        `<label class="course-option"><input type="radio" name="${id}" value="${esc(o)}"><span>${esc(o)}</span></label>`).join("");
      row.querySelectorAll("input").forEach((r) => r.addEventListener("change", () => r.checked && send(s.name, r.value)));
    } else if (s.kind === "menu") {
      row.innerHTML = `<label for="${id}">${esc(s.label)}</label><select id="${id}">` + s.options.map((o) => `<option value="${esc(o)}">${esc(o)}</option>`).join("") + "</select>";
      const select = row.querySelector("select");
      select.addEventListener("change", () => send(s.name, s.numeric ? Number(select.value) : select.value));
    } else if (s.kind === "switch") {
      row.innerHTML = `<label><input type="checkbox" id="${id}"> ${esc(s.label)}</label>`;
      const check = row.querySelector("input");
      check.addEventListener("change", () => send(s.name, check.checked));
    } else if (s.kind === "number") {
      row.innerHTML = `<label for="${id}">${esc(s.label)}</label><input id="${id}" type="number" min="${s.min}" max="${s.max}" step="1">`;
      const input = row.querySelector("input");
      input.addEventListener("change", () => send(s.name, Number(input.value)));
    } else if (s.kind === "button") {
      row.innerHTML = `<button type="button">${esc(s.label)}</button>`;
      row.querySelector("button").addEventListener("click", () => model.send({ click: s.name }));
    }
    box.append(row);
    made[s.name] = row;
  }
  const show = () => {                             // the model's values and states into the controls
    const v = model.get("values"), hidden = model.get("hidden") || [], labels = model.get("labels") || {};
    for (const s of specs) {
      const row = made[s.name];
      row.hidden = hidden.includes(s.name);
      if (s.kind === "slider") { const i = row.querySelector("input"); i.value = v[s.name]; row.querySelector("output").textContent = Number(v[s.name]).toFixed(s.digits ?? 1); i.setAttribute("aria-valuetext", row.querySelector("output").textContent); }
      else if (s.kind === "choice") row.querySelectorAll("input").forEach((r) => { r.checked = r.value === String(v[s.name]); });
      else if (s.kind === "menu") row.querySelector("select").value = String(v[s.name]);
      else if (s.kind === "switch") row.querySelector("input").checked = !!v[s.name];
      else if (s.kind === "number") row.querySelector("input").value = v[s.name];
      else if (s.kind === "button" && labels[s.name]) row.querySelector("button").textContent = labels[s.name];
    }
  };
  model.on("change:values", show);
  model.on("change:hidden", show);
  model.on("change:labels", show);
  show();
}

let counter = 0;

// The layout every scene widget shares: controls, then the picture, the text (tables,
// messages) and a live region that announces results to screen readers.
export function mountScene(model, el, extra) {
  const key = `course${++counter}`;
  el.classList.add("course-widget", model.get("css_class"));
  // Keys typed in our controls are ours: JupyterLab's notebook would otherwise take the
  // arrow keys (to move between cells) and a slider or a radio group would not move.
  el.addEventListener("keydown", (e) => { if (e.target.closest("input, select, button")) e.stopPropagation(); });
  const controls = Object.assign(document.createElement("div"), { className: "course-controls" });
  const figure = Object.assign(document.createElement("div"), { className: "course-scene" });
  figure.setAttribute("role", "img");
  const text = Object.assign(document.createElement("div"), { className: "course-text" });
  const said = Object.assign(document.createElement("div"), { className: "course-announce" });
  said.setAttribute("aria-live", "polite");
  controls.dataset.key = figure.dataset.key = key;
  const side = Object.assign(document.createElement("div"), { className: "course-side" });
  side.append(controls, text);
  const body = Object.assign(document.createElement("div"), { className: "course-body" });
  body.append(side, figure);
  el.append(body, said);
  if (extra) extra(side, figure);
  buildControls(controls, model.get("controls"), model);
  const draw = () => drawScene(figure, model.get("scene"));
  const write = () => { text.innerHTML = model.get("text"); };
  const announce = () => { said.textContent = model.get("announce"); };
  model.on("change:scene", draw);
  model.on("change:text", write);
  model.on("change:announce", announce);
  draw(); write(); announce();
  return { figure, text, said, controls };
}
